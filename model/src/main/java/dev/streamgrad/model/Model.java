package dev.streamgrad.model;

import dev.streamgrad.model.init.Initializer;
import dev.streamgrad.model.kernel.DimensionMismatchException;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.Kernels;
import dev.streamgrad.model.loss.Loss;
import dev.streamgrad.model.optim.Optimizer;
import dev.streamgrad.model.optim.OptimizerType;
import dev.streamgrad.model.scale.Scaler;
import dev.streamgrad.model.state.ModelState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An online feed-forward network: {@code predict} and {@code learn}, one event or a mini-batch at a time.
 * Composed of a {@code Network} (W_l, b_l, forward and backward passes), a {@link Loss} (δ_L), an {@link Optimizer}
 * (the step, with its slots held here) and an optional {@link Scaler}.
 *
 * <p>Learning is prequential: an event is standardised and predicted with the state before it, the returned
 * prediction is that pre-update ŷ, then the update is applied, then the scaler learns the event.
 *
 * <p>Updates are all-or-nothing: an update that would make a parameter or optimiser value NaN or ±Inf throws
 * {@link NonFiniteUpdateException} and leaves the model exactly as it was (weights, optimiser state, scaler, counters).
 * Bad events (NaN/Inf, wrong dimension, class out of range) throw before anything is touched.
 *
 * <p>Deterministic: the same spec, events and kernel backend give the same bits. Nothing is allocated per event
 * in the zero-allocation methods (mini-batch buffers grow on demand, then are reused). Not thread-safe.
 */
public final class Model {
    private final NetworkSpec spec;
    private final Kernels kernels;
    private final Network net;
    private final Loss loss;
    private final Optimizer optimizer;
    /** Optimiser slots: [2(l−1)] for W_l, [2(l−1)+1] for b_l; each holds slotCount arrays. */
    private final double[][][] slots;
    private final Scaler scaler;
    /** Plain SGD without clipping: per event the fused backward+update kernel is used. */
    private final boolean plainSgd;
    private final double[] scaledX;
    private final double[] oneHot;
    private double[] scaledBatch;
    private double[] oneHotBatch;
    private long updates;
    private long events;

    private Model(ModelState s, Kernels kernels) {
        this.spec = s.spec();
        this.kernels = kernels;
        int depth = spec.depth();
        double[][] ws = new double[depth][];
        double[][] bs = new double[depth][];
        for (int l = 1; l <= depth; l++) {
            ws[l - 1] = s.weights(l);
            bs[l - 1] = s.bias(l);
        }
        this.net = new Network(kernels, spec, ws, bs);
        this.loss = spec.loss();
        this.optimizer = spec.optimizer().create();
        int sc = optimizer.slotCount();
        this.slots = new double[2 * depth][sc][];
        for (int l = 1; l <= depth; l++) {
            for (int j = 0; j < sc; j++) {
                slots[2 * (l - 1)][j] = s.weightSlots(l)[j].clone();
                slots[2 * (l - 1) + 1][j] = s.biasSlots(l)[j].clone();
            }
        }
        int d = spec.inputSize();
        this.scaler = spec.scaling()
                ? (s.scalerMean().length == d
                    ? new Scaler(d, spec.scalingEpsilon(), s.scalerCount(), s.scalerMean(), s.scalerM2())
                    : new Scaler(d, spec.scalingEpsilon()))
                : null;
        this.plainSgd = spec.optimizer().type() == OptimizerType.SGD && spec.clipNorm() == 0;
        this.scaledX = new double[d];
        this.oneHot = new double[spec.outputSize()];
        this.updates = s.updates();
        this.events = s.events();
    }

    /** @return a new model initialised from {@code spec} (its seed and initialisers), with {@link KernelFactory#auto()} */
    public static Model create(NetworkSpec spec) {
        return create(spec, KernelFactory.auto());
    }

    /**
     * A new model: W_l drawn by the layer's initialiser from one {@link SplittableRandom}(seed), layers in order;
     * biases 0; optimiser state 0; counters 0.
     *
     * @param kernels the backend for every matrix operation
     */
    public static Model create(NetworkSpec spec, Kernels kernels) {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        int depth = spec.depth();
        double[][] w = new double[depth][];
        double[][] b = new double[depth][];
        for (int l = 1; l <= depth; l++) {
            w[l - 1] = new double[spec.weightCount(l)];
            Initializer init = spec.initializerOf(l);
            init.fill(w[l - 1], spec.size(l), spec.size(l - 1), rnd);
            b[l - 1] = new double[spec.size(l)];
        }
        return new Model(ModelState.ofWeights(spec, w, b), kernels);
    }

    /** @return a model restored from {@code state} (copied), with {@link KernelFactory#auto()} */
    public static Model fromState(ModelState state) {
        return fromState(state, KernelFactory.auto());
    }

    /** @return a model restored from {@code state} (copied: the state is not modified or shared) */
    public static Model fromState(ModelState state, Kernels kernels) {
        return new Model(state, kernels);
    }

    /** @return a snapshot of the complete state (fresh arrays; later learning does not change it) */
    public ModelState state() {
        int depth = spec.depth();
        int sc = optimizer.slotCount();
        double[][] w = new double[depth][];
        double[][] b = new double[depth][];
        double[][][] ws = new double[depth][sc][];
        double[][][] bs = new double[depth][sc][];
        for (int l = 1; l <= depth; l++) {
            w[l - 1] = net.w[l].clone();
            b[l - 1] = net.b[l].clone();
            for (int j = 0; j < sc; j++) {
                ws[l - 1][j] = slots[2 * (l - 1)][j].clone();
                bs[l - 1][j] = slots[2 * (l - 1) + 1][j].clone();
            }
        }
        return ModelState.wrap(spec, w, b, ws, bs, updates, events,
                scaler == null ? 0 : scaler.count(),
                scaler == null ? new double[0] : scaler.mean(),
                scaler == null ? new double[0] : scaler.m2());
    }

    /** @return an independent model with the same state and the same kernels */
    public Model copy() {
        return new Model(state(), kernels);
    }

    public NetworkSpec spec() {
        return spec;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** @return d */
    public int inputSize() {
        return spec.inputSize();
    }

    /** @return k = n_L */
    public int outputSize() {
        return spec.outputSize();
    }

    /** @return the number of optimiser updates applied: the model version (a batch counts once) */
    public long updates() {
        return updates;
    }

    /** @return the number of events learned (a batch of m counts m) */
    public long events() {
        return events;
    }

    /** @return η_t of the next update, t = updates() + 1 */
    public double nextLearningRate() {
        return spec.optimizer().learningRateAt(updates + 1);
    }

    // ------------------------------------------------------------------ predict

    /**
     * ŷ for one event, with the current weights and scaler. Allocates nothing. May return non-finite values if the
     * input is extreme (prediction never changes the model).
     *
     * @param x length d, not modified
     * @param out length ≥ k, modified: receives ŷ
     * @throws DimensionMismatchException if x.length ≠ d or out is shorter than k
     * @throws NonFiniteInputException if x holds NaN or ±Inf
     */
    public void predict(double[] x, double[] out) {
        checkInput("x", x, spec.inputSize());
        requireLength("predict: out", out, spec.outputSize());
        net.forward(standardise(x));
        System.arraycopy(net.a[net.depth], 0, out, 0, spec.outputSize());
    }

    /** @return ŷ (new array of length k); see {@link #predict(double[], double[])}. x is not modified. */
    public double[] predict(double[] x) {
        double[] out = new double[spec.outputSize()];
        predict(x, out);
        return out;
    }

    // ------------------------------------------------------------------ learn, one event

    /**
     * Learns one event: predict, loss, backprop, one optimiser step (η_t with t = updates() + 1), then the scaler
     * learns x. Allocates nothing.
     *
     * @param x features, length d, not modified
     * @param y target, length k, not modified
     * @param predictionOut length ≥ k or null; modified: receives ŷ made before the update (only on success)
     * @return the loss C(y, ŷ) of the pre-update prediction (without the L2 term)
     * @throws DimensionMismatchException if x, y or predictionOut have the wrong length (expected vs got)
     * @throws NonFiniteInputException if x or y hold NaN/±Inf (model untouched)
     * @throws NonFiniteUpdateException if the update would make a value non-finite (model unchanged)
     */
    public double learn(double[] x, double[] y, double[] predictionOut) {
        checkInput("x", x, spec.inputSize());
        checkInput("y", y, spec.outputSize());
        if (predictionOut != null) {
            requireLength("learn: predictionOut", predictionOut, spec.outputSize());
        }
        int depth = net.depth;
        int bad = net.forward(standardise(x));
        if (bad > 0) {
            throw new NonFiniteUpdateException(bad, "z_" + bad + "/a_" + bad);
        }
        double c = net.outputDelta(loss, y);
        if (!Double.isFinite(c)) {
            throw new NonFiniteUpdateException(0, "loss");
        }
        if (!Double.isFinite(Network.maxAbs(net.delta[depth], net.n[depth]))) {
            throw new NonFiniteUpdateException(depth, "δ_" + depth);
        }
        long t = updates + 1;
        double eta = spec.optimizer().learningRateAt(t);
        if (plainSgd) {
            double scale = 1.0 - eta * spec.l2();
            if (net.fusedSafe(eta, scale)) {
                net.fusedSgd(eta, scale);
            } else {
                // Near overflow: compute the same step into buffers, check it exactly, then apply.
                int badDelta = net.backward(eta);
                if (badDelta > 0) {
                    throw new NonFiniteUpdateException(badDelta, "δ_" + badDelta);
                }
                int badStep = net.sgdStep(scale, false);
                if (badStep > 0) {
                    throw new NonFiniteUpdateException(badStep, "new W_" + badStep + "/b_" + badStep);
                }
                net.sgdStep(scale, true);
            }
        } else {
            int badDelta = net.backward(1.0);
            if (badDelta > 0) {
                throw new NonFiniteUpdateException(badDelta, "δ_" + badDelta);
            }
            optimizerStep(eta, t);
        }
        if (scaler != null) {
            scaler.update(x, 0);
        }
        if (predictionOut != null) {
            System.arraycopy(net.a[depth], 0, predictionOut, 0, spec.outputSize());
        }
        updates = t;
        events++;
        return c;
    }

    /** Allocating form of {@link #learn(double[], double[], double[])}; x and y are not modified. */
    public LearnResult learn(double[] x, double[] y) {
        double[] p = new double[spec.outputSize()];
        double c = learn(x, y, p);
        return new LearnResult(p, c);
    }

    /**
     * Learns one event whose target is a class index (one-hot y), for cross_entropy. Allocates nothing.
     *
     * @param classIndex c ∈ [0, k)
     * @see #learn(double[], double[], double[])
     * @throws InvalidInputException if c is out of range
     */
    public double learn(double[] x, int classIndex, double[] predictionOut) {
        checkClass(classIndex);
        oneHot[classIndex] = 1.0;
        try {
            return learn(x, oneHot, predictionOut);
        } finally {
            oneHot[classIndex] = 0.0;
        }
    }

    /** Allocating form of {@link #learn(double[], int, double[])}. */
    public LearnResult learn(double[] x, int classIndex) {
        double[] p = new double[spec.outputSize()];
        double c = learn(x, classIndex, p);
        return new LearnResult(p, c);
    }

    // ------------------------------------------------------------------ learn, mini-batch

    /**
     * Learns m events with one optimiser step on the mean gradient (1/m) Σ ∂C_r/∂θ; every row is standardised with
     * the scaler state before the batch, which then learns the rows in order. A batch of one gives the bits of
     * {@link #learn(double[], double[], double[])} (with backends whose GEMM sums in gemv order, like the Java one).
     *
     * @param m rows, ≥ 1
     * @param xs m × d row-major, not modified
     * @param ys m × k row-major, not modified
     * @param predictionsOut m × k or null; modified: the pre-update predictions (only on success)
     * @return the mean loss over the rows
     * @throws DimensionMismatchException if xs, ys or predictionsOut are shorter than m rows (expected vs got)
     * @throws NonFiniteInputException if any feature or target is NaN/±Inf (model untouched)
     * @throws NonFiniteUpdateException if the step would make a value non-finite (model unchanged)
     */
    public double learnBatch(int m, double[] xs, double[] ys, double[] predictionsOut) {
        int d = spec.inputSize();
        int k = spec.outputSize();
        if (m < 1) {
            throw new IllegalArgumentException("learnBatch: m must be ≥ 1, got " + m);
        }
        checkRows("xs", xs, m, d);
        checkRows("ys", ys, m, k);
        if (predictionsOut != null) {
            requireLength("learnBatch: predictionsOut", predictionsOut, m * k);
        }
        double[] in = xs;
        if (scaler != null) {
            if (scaledBatch == null || scaledBatch.length < m * d) {
                scaledBatch = new double[Math.max(m * d, scaledBatch == null ? 0 : 2 * scaledBatch.length)];
            }
            for (int r = 0; r < m; r++) {
                scaler.transform(xs, r * d, scaledBatch, r * d);
            }
            in = scaledBatch;
        }
        int depth = net.depth;
        int bad = net.forwardBatch(m, in);
        if (bad > 0) {
            throw new NonFiniteUpdateException(bad, "Z_" + bad + "/A_" + bad);
        }
        double sum = 0;
        for (int r = 0; r < m; r++) {
            sum += loss.lossAndDelta(net.act[depth], net.bz[depth], net.ba[depth], ys, net.bd[depth], r * k, k);
        }
        if (!Double.isFinite(sum)) {
            throw new NonFiniteUpdateException(0, "loss");
        }
        if (!Double.isFinite(Network.maxAbs(net.bd[depth], m * k))) {
            throw new NonFiniteUpdateException(depth, "Δ_" + depth);
        }
        long t = updates + 1;
        double eta = spec.optimizer().learningRateAt(t);
        if (plainSgd) {
            // The step form η/m·Δᵀ A: for m = 1 the same products as the fused per-event kernel.
            int badDelta = net.backwardBatch(m, eta / m);
            if (badDelta > 0) {
                throw new NonFiniteUpdateException(badDelta, "Δ_" + badDelta);
            }
            double scale = 1.0 - eta * spec.l2();
            int badStep = net.sgdStep(scale, false);
            if (badStep > 0) {
                throw new NonFiniteUpdateException(badStep, "new W_" + badStep + "/b_" + badStep);
            }
            net.sgdStep(scale, true);
        } else {
            int badDelta = net.backwardBatch(m, 1.0 / m);
            if (badDelta > 0) {
                throw new NonFiniteUpdateException(badDelta, "Δ_" + badDelta);
            }
            optimizerStep(eta, t);
        }
        if (scaler != null) {
            for (int r = 0; r < m; r++) {
                scaler.update(xs, r * d);
            }
        }
        if (predictionsOut != null) {
            System.arraycopy(net.ba[depth], 0, predictionsOut, 0, m * k);
        }
        updates = t;
        events += m;
        return sum / m;
    }

    /**
     * Mini-batch with class-index targets (one-hot rows), for cross_entropy.
     *
     * @param classes length ≥ m, each in [0, k), not modified
     * @see #learnBatch(int, double[], double[], double[])
     */
    public double learnBatch(int m, double[] xs, int[] classes, double[] predictionsOut) {
        int k = spec.outputSize();
        if (classes == null || classes.length < m) {
            throw new DimensionMismatchException("learnBatch: classes has "
                    + (classes == null ? "no array" : classes.length + " elements") + ", expected " + m);
        }
        for (int r = 0; r < m; r++) {
            checkClass(classes[r]);
        }
        if (oneHotBatch == null || oneHotBatch.length < m * k) {
            oneHotBatch = new double[m * k];
        }
        for (int r = 0; r < m; r++) {
            oneHotBatch[r * k + classes[r]] = 1.0;
        }
        try {
            return learnBatch(m, xs, oneHotBatch, predictionsOut);
        } finally {
            Arrays.fill(oneHotBatch, 0, m * k, 0.0);
        }
    }

    /**
     * Convenience form: rows as arrays (copied into flat buffers; allocates).
     *
     * @param xs m rows of length d, not modified
     * @param ys m rows of length k, not modified
     * @return the m × k pre-update predictions and the mean loss
     */
    public LearnResult learnBatch(double[][] xs, double[][] ys) {
        int m = xs.length;
        if (ys.length != m) {
            throw new DimensionMismatchException("learnBatch: " + m + " rows of x but " + ys.length + " rows of y");
        }
        int d = spec.inputSize();
        int k = spec.outputSize();
        double[] fx = new double[m * d];
        double[] fy = new double[m * k];
        for (int r = 0; r < m; r++) {
            requireExact("learnBatch: xs[" + r + "]", xs[r], d);
            requireExact("learnBatch: ys[" + r + "]", ys[r], k);
            System.arraycopy(xs[r], 0, fx, r * d, d);
            System.arraycopy(ys[r], 0, fy, r * k, k);
        }
        double[] p = new double[m * k];
        double c = learnBatch(m, fx, fy, p);
        return new LearnResult(p, c);
    }

    // ------------------------------------------------------------------ inspection

    /**
     * Runs the forward and backward pass of one event without any update and copies every intermediate value
     * (z_l, a_l, δ_l, ∂C/∂W_l including λW_l, ∂C/∂b_l). Allocates; for tests and diagnostics. The model is not modified
     * (the scaler standardises with its current state and does not learn).
     *
     * @param x length d, not modified
     * @param y length k, not modified
     */
    public GradientTrace trace(double[] x, double[] y) {
        checkInput("x", x, spec.inputSize());
        checkInput("y", y, spec.outputSize());
        double[] in = standardise(x);
        net.forward(in);
        double c = net.outputDelta(loss, y);
        net.backward(1.0);
        List<double[]> z = new ArrayList<>();
        List<double[]> a = new ArrayList<>();
        List<double[]> delta = new ArrayList<>();
        List<double[]> gw = new ArrayList<>();
        List<double[]> gb = new ArrayList<>();
        double penalty = 0;
        double l2 = spec.l2();
        for (int l = 1; l <= net.depth; l++) {
            z.add(net.z[l].clone());
            a.add(net.a[l].clone());
            delta.add(net.delta[l].clone());
            double[] g = net.gw[l].clone();
            double[] w = net.w[l];
            for (int i = 0; i < g.length; i++) {
                g[i] += l2 * w[i];
                penalty += 0.5 * l2 * w[i] * w[i];
            }
            gw.add(g);
            gb.add(net.gb[l].clone());
        }
        return new GradientTrace(in.clone(), z, a, delta, gw, gb, c, penalty);
    }

    /**
     * @return the cost C(y, ŷ) + ½λΣ‖W‖² of one event with the current parameters; nothing is modified
     *     (for finite-difference checks)
     */
    public double cost(double[] x, double[] y) {
        return trace(x, y).cost();
    }

    // ------------------------------------------------------------------ internals

    /** Clipping (global norm of the data gradient), then the optimiser: checked on every array first, then applied. */
    private void optimizerStep(double eta, long t) {
        double clip = spec.clipNorm();
        if (clip > 0) {
            double norm = net.gradientNorm();
            if (!Double.isFinite(norm)) {
                throw new NonFiniteUpdateException(0, "gradient norm");
            }
            if (norm > clip) {
                net.scaleGradients(clip / norm);
            }
        }
        double l2 = spec.l2();
        for (int pass = 0; pass < 2; pass++) {
            boolean commit = pass == 1;
            for (int l = 1; l <= net.depth; l++) {
                int nw = net.n[l] * net.n[l - 1];
                if (!optimizer.step(eta, l2, t, net.w[l], net.gw[l], nw, slots[2 * (l - 1)], commit)) {
                    throw new NonFiniteUpdateException(l, "new W_" + l + " or its optimizer state");
                }
                if (!optimizer.step(eta, 0.0, t, net.b[l], net.gb[l], net.n[l], slots[2 * (l - 1) + 1], commit)) {
                    throw new NonFiniteUpdateException(l, "new b_" + l + " or its optimizer state");
                }
            }
        }
    }

    /** @return x standardised into a reused buffer, or x itself when scaling is off */
    private double[] standardise(double[] x) {
        if (scaler == null) {
            return x;
        }
        scaler.transform(x, 0, scaledX, 0);
        return scaledX;
    }

    private void checkClass(int c) {
        if (c < 0 || c >= spec.outputSize()) {
            throw new InvalidInputException("class index " + c + " out of range [0, " + spec.outputSize() + ")");
        }
    }

    private static void checkInput(String name, double[] v, int len) {
        requireExact(name, v, len);
        for (int i = 0; i < len; i++) {
            if (!Double.isFinite(v[i])) {
                throw new NonFiniteInputException(name + "[" + i + "] = " + v[i] + " is not finite");
            }
        }
    }

    private static void checkRows(String name, double[] v, int m, int cols) {
        if (v == null || v.length < (long) m * cols) {
            throw new DimensionMismatchException("learnBatch: " + name + " has "
                    + (v == null ? "no array" : v.length + " elements") + ", expected m×" + (name.equals("xs") ? "d" : "k")
                    + " = " + m + "×" + cols + " = " + (long) m * cols);
        }
        for (int i = 0; i < m * cols; i++) {
            if (!Double.isFinite(v[i])) {
                throw new NonFiniteInputException(name + "[row " + i / cols + ", col " + i % cols + "] = " + v[i]
                        + " is not finite");
            }
        }
    }

    private static void requireExact(String name, double[] v, int len) {
        if (v == null || v.length != len) {
            throw new DimensionMismatchException(name + ": expected length " + len + ", got "
                    + (v == null ? "null" : String.valueOf(v.length)));
        }
    }

    private static void requireLength(String name, double[] v, int len) {
        if (v == null || v.length < len) {
            throw new DimensionMismatchException(name + ": expected length ≥ " + len + ", got "
                    + (v == null ? "null" : String.valueOf(v.length)));
        }
    }

    @Override
    public String toString() {
        return "Model[" + spec.layersString() + ", loss=" + spec.loss() + ", optimizer=" + spec.optimizer().type().jsonName()
                + ", updates=" + updates + ", kernels=" + kernels.name() + "]";
    }
}
