package dev.streamgrad.model;

import dev.streamgrad.model.drift.DriftAction;
import dev.streamgrad.model.drift.DriftDetection;
import dev.streamgrad.model.drift.DriftMonitor;
import dev.streamgrad.model.drift.DriftSpec;
import dev.streamgrad.model.drift.DriftState;
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
import java.util.Map;
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
 * Bad events (NaN/Inf, wrong dimension, a target outside the loss's domain, a bad sample weight) throw before anything
 * is touched.
 *
 * <p>The model answers for its loss what targets and outputs mean: {@link #isClassifier()}, {@link #predictedClass},
 * {@link #targetClass}, {@link #checkTarget}. Every learn path checks its targets with {@link #checkTarget}.
 *
 * <p>Sample weights (MATH.md, "Sample weights"): an event of weight w contributes w·∂C/∂θ to its step and w·C to the
 * reported loss; w = 1 is exactly the unweighted computation.
 *
 * <p>Deterministic: the same spec, events and kernel backend give the same bits. Nothing is allocated per event
 * in the zero-allocation methods (mini-batch buffers grow on demand, then are reused). Not thread-safe.
 */
public final class Model {
    private final NetworkSpec spec;
    private final Kernels kernels;
    /** Replaced only by {@link #reinitialize()}. */
    private Network net;
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
    /** Reused flat buffers of {@link #learnBatch(List, double[])}: xs, ys, weights. */
    private double[] listXs;
    private double[] listYs;
    private double[] listWeights;
    private long updates;
    private long events;
    /** Drift handling (DriftState): the optimiser's step is t = updates − stepBase; η × lrFactor while lrFactorEvents > 0. */
    private long stepBase;
    private double lrFactor = 1;
    private long lrFactorEvents;
    /** The drift detector and its configuration, or null when the model does not watch for drift. */
    private DriftMonitor drift;

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
        DriftState ds = s.drift();
        this.stepBase = ds.optimizerStepBase();
        this.lrFactor = ds.lrFactor();
        this.lrFactorEvents = ds.lrFactorEvents();
        this.drift = ds.spec() == null ? null : DriftMonitor.restore(ds.spec(), ds.detectorState());
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
        return new Model(initialState(spec, spec.seed()), kernels);
    }

    /** W_l drawn by the layers' initialisers from one SplittableRandom(seed), layers in order; biases 0. */
    private static ModelState initialState(NetworkSpec spec, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int depth = spec.depth();
        double[][] w = new double[depth][];
        double[][] b = new double[depth][];
        for (int l = 1; l <= depth; l++) {
            w[l - 1] = new double[spec.weightCount(l)];
            Initializer init = spec.initializerOf(l);
            init.fill(w[l - 1], spec.size(l), spec.size(l - 1), rnd);
            b[l - 1] = new double[spec.size(l)];
        }
        return ModelState.ofWeights(spec, w, b);
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
        net.flush();
        for (int l = 1; l <= depth; l++) {
            w[l - 1] = net.w[l].clone();
            b[l - 1] = net.b[l].clone();
            for (int j = 0; j < sc; j++) {
                ws[l - 1][j] = slots[2 * (l - 1)][j].clone();
                bs[l - 1][j] = slots[2 * (l - 1) + 1][j].clone();
            }
        }
        ModelState s = ModelState.wrap(spec, w, b, ws, bs, updates, events,
                scaler == null ? 0 : scaler.count(),
                scaler == null ? new double[0] : scaler.mean(),
                scaler == null ? new double[0] : scaler.m2());
        DriftState ds = driftState();
        return ds.isNone() ? s : s.withDrift(ds);
    }

    private DriftState driftState() {
        return new DriftState(stepBase, lrFactor, lrFactorEvents, drift == null ? null : drift.spec(),
                drift == null ? null : drift.exportDetector());
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

    /** @return whether the loss classifies with this k: the outputs choose one of {@code loss.classCount(k)} classes */
    public boolean isClassifier() {
        return loss.classCount(spec.outputSize()) > 0;
    }

    /**
     * @param output an output row of length ≥ k (the first k are read), not modified
     * @return the class it predicts, or -1 if the model is not a classifier ({@link Loss#predictedClass})
     */
    public int predictedClass(double[] output) {
        requireLength("predictedClass: output", output, spec.outputSize());
        return loss.predictedClass(output, 0, spec.outputSize());
    }

    /**
     * @param outputs output rows, not modified
     * @param off where the row of k outputs starts (e.g. r·k in a batch's predictions)
     * @return the class that row predicts, or -1 if the model is not a classifier
     */
    public int predictedClass(double[] outputs, int off) {
        if (off < 0 || outputs == null || outputs.length < off + spec.outputSize()) {
            throw new DimensionMismatchException("predictedClass: a row of " + spec.outputSize() + " at " + off
                    + " does not fit in " + (outputs == null ? "null" : outputs.length + " values"));
        }
        return loss.predictedClass(outputs, off, spec.outputSize());
    }

    /** @return the true class of a valid target, or -1 if the model is not a classifier ({@link Loss#targetClass}) */
    public int targetClass(Target target) {
        return loss.targetClass(target, spec.outputSize());
    }

    /**
     * Checks that the model can learn this target ({@link Loss#checkTarget(Target, int)}). Nothing is modified.
     *
     * @throws DimensionMismatchException if a vector target does not have k values
     * @throws NonFiniteInputException if a value is NaN or ±Inf
     * @throws LabelOutOfRangeException if the target is outside the loss's domain
     */
    public void checkTarget(Target target) {
        loss.checkTarget(target, spec.outputSize());
    }

    /** @return η_t of the next update (t = updates() + 1 − the optimiser's step base), times an active boost factor */
    public double nextLearningRate() {
        return learningRate(updates + 1);
    }

    /** η of update number {@code u} (1-based model version): the schedule at the optimiser's step, times the boost. */
    private double learningRate(long u) {
        double eta = spec.optimizer().learningRateAt(u - stepBase);
        return lrFactorEvents > 0 ? eta * lrFactor : eta;
    }

    /** Counts m learned events against an active learning-rate boost; the boost ends when they are used up. */
    private void consumeBoost(long m) {
        if (lrFactorEvents > 0) {
            lrFactorEvents = Math.max(0, lrFactorEvents - m);
            if (lrFactorEvents == 0) {
                lrFactor = 1;
            }
        }
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

    /**
     * ŷ and the output layer's pre-activations z_L for one event, for scoring the prediction later with
     * {@link #loss(double[], double[], Target, double)} (delayed prequential evaluation: the label arrives after the
     * features, and the model may have learned in between). Allocates nothing.
     *
     * @param x length d, not modified
     * @param out length ≥ k, modified: receives ŷ
     * @param preActivationOut length ≥ k, modified: receives z_L
     * @throws DimensionMismatchException if x.length ≠ d or an output is shorter than k
     * @throws NonFiniteInputException if x holds NaN or ±Inf
     */
    public void predict(double[] x, double[] out, double[] preActivationOut) {
        requireLength("predict: preActivationOut", preActivationOut, spec.outputSize());
        predict(x, out);
        System.arraycopy(net.z[net.depth], 0, preActivationOut, 0, spec.outputSize());
    }

    /**
     * The loss w·C(y, ŷ) of a prediction made earlier by {@link #predict(double[], double[], double[])}, as
     * {@link #learn(LabeledExample, double[])} would have returned it then. Nothing is modified.
     *
     * @param preActivation z_L of the prediction, length ≥ k; not modified
     * @param prediction ŷ, length ≥ k; not modified
     * @param target a target valid for this model ({@link #checkTarget}); not modified
     * @param weight the sample weight w
     * @return w·C(y, ŷ)
     * @throws LabelOutOfRangeException if a class index is out of range
     */
    public double loss(double[] preActivation, double[] prediction, Target target, double weight) {
        int k = spec.outputSize();
        requireLength("loss: preActivation", preActivation, k);
        requireLength("loss: prediction", prediction, k);
        double[] y;
        if (target instanceof Target.ClassIndex c) {
            loss.checkClassIndex(c.index(), k);
            y = new double[k];
            Target.writeClassIndex(c.index(), y, 0, k);
        } else {
            y = ((Target.Values) target).y();
            requireLength("loss: target", y, k);
        }
        return weight * loss.loss(preActivation, prediction, y, 0, k);
    }

    /** @return ŷ (new array of length k); see {@link #predict(double[], double[])}. x is not modified. */
    public double[] predict(double[] x) {
        double[] out = new double[spec.outputSize()];
        predict(x, out);
        return out;
    }

    // ------------------------------------------------------------------ learn, one event

    /** {@link #learn(double[], double[], double, double[])} with weight 1. */
    public double learn(double[] x, double[] y, double[] predictionOut) {
        return learn(x, y, 1.0, predictionOut);
    }

    /**
     * Learns one event of sample weight w: predict, loss, δ_L ← w·δ_L, backprop, one optimiser step (η_t with
     * t = updates() + 1), then the scaler learns x. Allocates nothing. With w = 1 no multiplication is done (the bits
     * of the unweighted step). With w = 0 the event still counts as an update: the L2 decay and the optimiser step run
     * with a zero data gradient (momentum and Adam moments decay, t advances), the scaler learns x and the counters
     * advance.
     *
     * @param x features, length d, not modified
     * @param y target, length k, not modified; checked with {@link Loss#checkTarget(double[], int, int)}
     * @param weight the sample weight w, finite and ≥ 0
     * @param predictionOut length ≥ k or null; modified: receives ŷ made before the update (only on success)
     * @return w·C(y, ŷ) of the pre-update prediction (without the L2 term)
     * @throws DimensionMismatchException if x, y or predictionOut have the wrong length (expected vs got)
     * @throws NonFiniteInputException if x or y hold NaN/±Inf (model untouched)
     * @throws LabelOutOfRangeException if y is outside the loss's domain (model untouched)
     * @throws InvalidWeightException if w is negative, NaN or infinite (model untouched)
     * @throws NonFiniteUpdateException if the update would make a value non-finite (model unchanged)
     */
    public double learn(double[] x, double[] y, double weight, double[] predictionOut) {
        checkInput("x", x, spec.inputSize());
        requireExact("y", y, spec.outputSize());
        loss.checkTarget(y, 0, spec.outputSize());
        LabeledExample.checkWeight(weight);
        if (predictionOut != null) {
            requireLength("learn: predictionOut", predictionOut, spec.outputSize());
        }
        int depth = net.depth;
        int bad = net.forward(standardise(x));
        if (bad > 0) {
            throw new NonFiniteUpdateException(bad, "z_" + bad + "/a_" + bad);
        }
        double c = net.outputDelta(loss, y);
        if (weight != 1.0) {
            c *= weight;
            scale(net.delta[depth], 0, net.n[depth], weight);
        }
        if (!Double.isFinite(c)) {
            throw new NonFiniteUpdateException(0, "loss");
        }
        if (!Double.isFinite(Network.maxAbs(net.delta[depth], net.n[depth]))) {
            throw new NonFiniteUpdateException(depth, "δ_" + depth);
        }
        long t = updates + 1;
        double eta = learningRate(t);
        if (spec.clipNorm() == 0 && net.fusedSafe(optimizer.rule(), eta, spec.l2(), t - stepBase, slots)) {
            // One pass per parameter array; bounds proved that no value can overflow. With plain SGD the first
            // layer's update is applied by the next forward pass, in its own pass over W_1 (Network#flush).
            net.fusedStepDeferred(optimizer, eta, spec.l2(), t - stepBase, slots);
        } else if (plainSgd) {
            // Near overflow: compute the same step into buffers, check it exactly, then apply.
            double scale = 1.0 - eta * spec.l2();
            int badDelta = net.backward(eta);
            if (badDelta > 0) {
                throw new NonFiniteUpdateException(badDelta, "δ_" + badDelta);
            }
            int badStep = net.sgdStep(scale, false);
            if (badStep > 0) {
                throw new NonFiniteUpdateException(badStep, "new W_" + badStep + "/b_" + badStep);
            }
            net.sgdStep(scale, true);
        } else {
            int badDelta = net.backward(1.0);
            if (badDelta > 0) {
                throw new NonFiniteUpdateException(badDelta, "δ_" + badDelta);
            }
            optimizerStep(eta, t - stepBase);
        }
        if (scaler != null) {
            scaler.update(x, 0);
        }
        if (predictionOut != null) {
            System.arraycopy(net.a[depth], 0, predictionOut, 0, spec.outputSize());
        }
        updates = t;
        events++;
        consumeBoost(1);
        return c;
    }

    /** Allocating form of {@link #learn(double[], double[], double[])}; x and y are not modified. */
    public LearnResult learn(double[] x, double[] y) {
        double[] p = new double[spec.outputSize()];
        double c = learn(x, y, p);
        return new LearnResult(p, c);
    }

    /** {@link #learn(double[], int, double, double[])} with weight 1. */
    public double learn(double[] x, int classIndex, double[] predictionOut) {
        return learn(x, classIndex, 1.0, predictionOut);
    }

    /**
     * Learns one event whose target is a class index, reshaped by {@link Target#writeClassIndex} (one-hot for
     * cross_entropy, [c] for binary_cross_entropy with one output). Allocates nothing.
     *
     * @param classIndex c, checked with {@link Loss#checkClassIndex(int, int)}
     * @see #learn(double[], double[], double, double[])
     * @throws LabelOutOfRangeException if c is out of range, or the loss takes no class index
     */
    public double learn(double[] x, int classIndex, double weight, double[] predictionOut) {
        int k = spec.outputSize();
        loss.checkClassIndex(classIndex, k);
        Target.writeClassIndex(classIndex, oneHot, 0, k);
        return learn(x, oneHot, weight, predictionOut);
    }

    /**
     * Learns one labeled example ({@link #learn(double[], double[], double, double[])} or its class-index form).
     *
     * @param example not modified
     * @param predictionOut length ≥ k or null; modified: receives ŷ before the update
     * @return w·C of the pre-update prediction
     */
    public double learn(LabeledExample example, double[] predictionOut) {
        if (example.target() instanceof Target.ClassIndex c) {
            return learn(example.x(), c.index(), example.weight(), predictionOut);
        }
        return learn(example.x(), ((Target.Values) example.target()).y(), example.weight(), predictionOut);
    }

    /** Allocating form of {@link #learn(LabeledExample, double[])}. */
    public LearnResult learn(LabeledExample example) {
        double[] p = new double[spec.outputSize()];
        double c = learn(example, p);
        return new LearnResult(p, c);
    }

    // ------------------------------------------------------------------ learn, mini-batch

    /** {@link #learnBatch(int, double[], double[], double[], double[])} with every weight 1. */
    public double learnBatch(int m, double[] xs, double[] ys, double[] predictionsOut) {
        return learnBatch(m, xs, ys, null, predictionsOut);
    }

    /**
     * Learns m events with one optimiser step on the weighted mean gradient (1/m) Σ w_r ∂C_r/∂θ; every row is
     * standardised with the scaler state before the batch, which then learns the rows in order. A batch of one gives
     * the bits of {@link #learn(double[], double[], double, double[])} (with backends whose GEMM sums in gemv order,
     * like the Java one). Rows of weight 1 are not multiplied.
     *
     * @param m rows, ≥ 1
     * @param xs m × d row-major, not modified
     * @param ys m × k row-major, not modified; each row checked with {@link Loss#checkTarget(double[], int, int)}
     * @param weights length ≥ m, each finite and ≥ 0, not modified; or null for all 1
     * @param predictionsOut m × k or null; modified: the pre-update predictions (only on success)
     * @return the weighted mean loss (1/m) Σ w_r C_r
     * @throws DimensionMismatchException if xs, ys, weights or predictionsOut are shorter than m rows
     * @throws NonFiniteInputException if any feature or target is NaN/±Inf (model untouched)
     * @throws LabelOutOfRangeException if a target row is outside the loss's domain (the message names the row)
     * @throws InvalidWeightException if a weight is negative, NaN or infinite (the message names the row)
     * @throws NonFiniteUpdateException if the step would make a value non-finite (model unchanged)
     */
    public double learnBatch(int m, double[] xs, double[] ys, double[] weights, double[] predictionsOut) {
        int d = spec.inputSize();
        int k = spec.outputSize();
        if (m < 1) {
            throw new IllegalArgumentException("learnBatch: m must be ≥ 1, got " + m);
        }
        checkRows("xs", xs, m, d);
        checkRows("ys", ys, m, k);
        checkTargetsAndWeights(m, ys, weights);
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
        long t = updates + 1;
        double eta = learningRate(t);
        double sum = 0;
        boolean fused = false;
        try (Kernels.Held held = net.holdWeights()) {
            int bad = net.forwardBatch(m, in);
            if (bad > 0) {
                throw new NonFiniteUpdateException(bad, "Z_" + bad + "/A_" + bad);
            }
            for (int r = 0; r < m; r++) {
                double c = loss.lossAndDelta(net.act[depth], net.bz[depth], net.ba[depth], ys, net.bd[depth], r * k,
                        k);
                if (weights != null && weights[r] != 1.0) {
                    c *= weights[r];
                    scale(net.bd[depth], r * k, k, weights[r]);
                }
                sum += c;
            }
            if (!Double.isFinite(sum)) {
                throw new NonFiniteUpdateException(0, "loss");
            }
            if (!Double.isFinite(Network.maxAbs(net.bd[depth], m * k))) {
                throw new NonFiniteUpdateException(depth, "Δ_" + depth);
            }
            if (plainSgd && net.fusedSafe(optimizer.rule(), eta, spec.l2(), t - stepBase, slots, net.bd[depth], m)) {
                net.fusedSgdBatch(m, eta, spec.l2());
                fused = true;
            } else {
                // Plain SGD's step form η/m·Δᵀ A: for m = 1 the same products as the fused per-event kernel.
                int badDelta = net.backwardBatch(m, plainSgd ? eta / m : 1.0 / m);
                if (badDelta > 0) {
                    throw new NonFiniteUpdateException(badDelta, "Δ_" + badDelta);
                }
            }
        }
        // These steps write W in Java, so they run after the hold scope (the fused one is already done).
        if (!fused) {
            if (plainSgd) {
                double scale = 1.0 - eta * spec.l2();
                int badStep = net.sgdStep(scale, false);
                if (badStep > 0) {
                    throw new NonFiniteUpdateException(badStep, "new W_" + badStep + "/b_" + badStep);
                }
                net.sgdStep(scale, true);
            } else {
                optimizerStep(eta, t - stepBase);
            }
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
        consumeBoost(m);
        return sum / m;
    }

    /**
     * Mini-batch with class-index targets, reshaped by {@link Target#writeClassIndex} (one-hot rows for
     * cross_entropy, [c] for binary_cross_entropy with one output), every weight 1.
     *
     * @param classes length ≥ m, each checked with {@link Loss#checkClassIndex(int, int)}, not modified
     * @see #learnBatch(int, double[], double[], double[], double[])
     */
    public double learnBatch(int m, double[] xs, int[] classes, double[] predictionsOut) {
        int k = spec.outputSize();
        if (classes == null || classes.length < m) {
            throw new DimensionMismatchException("learnBatch: classes has "
                    + (classes == null ? "no array" : classes.length + " elements") + ", expected " + m);
        }
        for (int r = 0; r < m; r++) {
            try {
                loss.checkClassIndex(classes[r], k);
            } catch (LabelOutOfRangeException e) {
                throw new LabelOutOfRangeException("learnBatch: row " + r + ": " + e.getMessage());
            }
        }
        if (oneHotBatch == null || oneHotBatch.length < m * k) {
            oneHotBatch = new double[m * k];
        }
        for (int r = 0; r < m; r++) {
            Target.writeClassIndex(classes[r], oneHotBatch, r * k, k);
        }
        return learnBatch(m, xs, oneHotBatch, null, predictionsOut);
    }

    /**
     * Mini-batch of labeled examples: their features, targets ({@link Target#writeTo}) and weights are copied into
     * buffers reused from call to call (nothing allocated once they have grown), then
     * {@link #learnBatch(int, double[], double[], double[], double[])}.
     *
     * @param batch m ≥ 1 examples, in order; not modified
     * @param predictionsOut m × k or null; modified: the pre-update predictions, row-major
     * @return the weighted mean loss (1/m) Σ w_r C_r
     * @throws InvalidInputException (or a subclass) naming the row if an example cannot be learned (model untouched)
     */
    public double learnBatch(List<LabeledExample> batch, double[] predictionsOut) {
        int m = batch.size();
        int d = spec.inputSize();
        int k = spec.outputSize();
        if (m < 1) {
            throw new IllegalArgumentException("learnBatch: the batch is empty");
        }
        if (listXs == null || listXs.length < m * d) {
            int rows = Math.max(m, listWeights == null ? 0 : 2 * listWeights.length);
            listXs = new double[rows * d];
            listYs = new double[rows * k];
            listWeights = new double[rows];
        }
        for (int r = 0; r < m; r++) {
            LabeledExample e = batch.get(r);
            if (e.x().length != d) {
                throw new DimensionMismatchException("learnBatch: row " + r + ": x: expected length " + d + ", got "
                        + e.x().length);
            }
            System.arraycopy(e.x(), 0, listXs, r * d, d);
            try {
                e.target().writeTo(listYs, r * k, k);
                if (e.target() instanceof Target.ClassIndex c) {
                    loss.checkClassIndex(c.index(), k);
                }
            } catch (LabelOutOfRangeException ex) {
                throw new LabelOutOfRangeException("learnBatch: row " + r + ": " + ex.getMessage());
            } catch (DimensionMismatchException ex) {
                throw new DimensionMismatchException("learnBatch: row " + r + ": " + ex.getMessage());
            }
            listWeights[r] = e.weight();
        }
        return learnBatch(m, listXs, listYs, listWeights, predictionsOut);
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

    // ------------------------------------------------------------------ drift

    /**
     * Starts watching for drift with a fresh detector (replacing any detector the model had). The caller feeds it
     * with {@link #observeDrift}; the detector and its spec are part of {@link #state()} from now on.
     *
     * @param driftSpec not null
     */
    public void watchDrift(DriftSpec driftSpec) {
        if (driftSpec == null) {
            throw new IllegalArgumentException("watchDrift: drift spec is required");
        }
        this.drift = new DriftMonitor(driftSpec);
    }

    /** Stops watching for drift: the detector and its spec are dropped from the model and its state. */
    public void stopWatchingDrift() {
        this.drift = null;
    }

    /** @return the drift configuration, or null when the model does not watch for drift */
    public DriftSpec driftSpec() {
        return drift == null ? null : drift.spec();
    }

    /** @return the detector's statistics ({@code DriftDetector#statistics()}), or an empty map when not watching */
    public Map<String, Double> driftStatistics() {
        return drift == null ? Map.of() : drift.statistics();
    }

    /**
     * Feeds one value of the watched signal (the prequential loss or 0/1 error of an event, in stream order; see
     * {@link dev.streamgrad.model.drift.DriftSignal#value}) to the detector. On a detection that is an increase of
     * the signal (the detector's estimate after the value is above its estimate before it: ADWIN also detects a
     * loss that falls, as while a model learns), applies the spec's action ({@link #applyDriftAction}) before
     * returning, so the next event is learned with it; a decrease is reported with action none.
     *
     * @param value finite
     * @return the detection, or null when the detector does not signal at this value
     * @throws IllegalStateException if the model does not watch for drift
     * @throws IllegalArgumentException if the value is not finite (nothing changed)
     */
    public DriftDetection observeDrift(double value) {
        if (drift == null) {
            throw new IllegalStateException("observeDrift: the model does not watch for drift (call watchDrift first)");
        }
        double before = drift.estimate();
        if (!drift.observe(value)) {
            return null;
        }
        boolean increase = drift.estimate() > before;
        DriftAction action = increase ? drift.spec().action() : DriftAction.NONE;
        DriftDetection d = new DriftDetection(drift.spec().detector(), drift.observations(), drift.statistics(),
                increase, action, updates);
        applyDriftAction(action);
        return d;
    }

    /** Applies one drift action: {@link #resetOptimizer()}, {@link #reinitialize()}, {@link #boostLearningRate} or nothing. */
    public void applyDriftAction(DriftAction action) {
        switch (action.kind()) {
            case RESET_OPTIMIZER -> resetOptimizer();
            case RESET_MODEL -> reinitialize();
            case BOOST_LR -> boostLearningRate(action.factor(), action.events());
            case NONE -> {
            }
            default -> throw new IllegalArgumentException("unknown drift action " + action);
        }
    }

    /**
     * Action {@code reset-optimizer}: every optimiser slot (velocity, sums of squares, Adam's m and v) becomes 0 and
     * the optimiser's step count restarts: the next update runs with t = 1 (Adam's bias correction and the η_t
     * schedule start again). The model version ({@link #updates()}) keeps counting; weights, scaler and any
     * learning-rate boost are kept.
     */
    public void resetOptimizer() {
        for (double[][] perArray : slots) {
            for (double[] slot : perArray) {
                Arrays.fill(slot, 0.0);
            }
        }
        stepBase = updates;
    }

    /**
     * Action {@code reset-model}: new weights W_l, drawn exactly as {@link #create} draws them but from the seed
     * {@code spec.seed() XOR mix64(updates())} (mix64: the SplitMix64 finaliser, Stafford's variant 13, with
     * mix64(0) = 0, so a reset at version 0 gives the initial weights); biases 0; then {@link #resetOptimizer()}.
     * The version, the event count, the scaler, any learning-rate boost and the drift detector are kept, so versions
     * keep increasing and two replicas that reset at the same version get the same weights.
     */
    public void reinitialize() {
        ModelState fresh = initialState(spec, reinitializationSeed(spec.seed(), updates));
        int depth = spec.depth();
        double[][] w = new double[depth][];
        double[][] b = new double[depth][];
        for (int l = 1; l <= depth; l++) {
            w[l - 1] = fresh.weights(l);
            b[l - 1] = fresh.bias(l);
        }
        net = new Network(kernels, spec, w, b);
        resetOptimizer();
    }

    /** @return seed XOR mix64(version): the seed of {@link #reinitialize()} at that version */
    static long reinitializationSeed(long seed, long version) {
        long z = version;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return seed ^ (z ^ (z >>> 31));
    }

    /**
     * Action {@code boost-lr(factor, events)}: the learning rate of the next updates is η_t × factor, until
     * {@code events} more events have been learned (a batch of m counts m; a batch that starts within the boost runs
     * entirely boosted). Replaces any active boost. Part of the state.
     *
     * @param factor finite, &gt; 0
     * @param events ≥ 1
     * @throws IllegalArgumentException for a bad factor or count (nothing changed)
     */
    public void boostLearningRate(double factor, long events) {
        DriftAction.boostLr(factor, events);   // validates
        this.lrFactor = factor;
        this.lrFactorEvents = events;
    }

    /** @return learned events left in the active learning-rate boost (0 = none) */
    public long boostEventsLeft() {
        return lrFactorEvents;
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
        return trace(x, y, 1.0);
    }

    /**
     * {@link #trace(double[], double[])} of an event of sample weight w: the trace holds δ_L = w·∂C/∂z_L, the
     * gradients of w·C + ½λΣ‖W‖² and loss w·C (MATH.md, "Sample weights").
     *
     * @param weight finite and ≥ 0
     */
    public GradientTrace trace(double[] x, double[] y, double weight) {
        checkInput("x", x, spec.inputSize());
        checkInput("y", y, spec.outputSize());
        LabeledExample.checkWeight(weight);
        double[] in = standardise(x);
        net.forward(in);
        double c = net.outputDelta(loss, y);
        if (weight != 1.0) {
            c *= weight;
            scale(net.delta[net.depth], 0, net.n[net.depth], weight);
        }
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

    /** @return w·C(y, ŷ) + ½λΣ‖W‖² of one event of weight w; nothing is modified */
    public double cost(double[] x, double[] y, double weight) {
        return trace(x, y, weight).cost();
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
        net.invalidateBounds();
    }

    /** @return x standardised into a reused buffer, or x itself when scaling is off */
    private double[] standardise(double[] x) {
        if (scaler == null) {
            return x;
        }
        scaler.transform(x, 0, scaledX, 0);
        return scaledX;
    }

    /** Every target row against the loss, every weight valid: before anything is touched. */
    private void checkTargetsAndWeights(int m, double[] ys, double[] weights) {
        int k = spec.outputSize();
        if (weights != null && weights.length < m) {
            throw new DimensionMismatchException("learnBatch: weights has " + weights.length + " elements, expected "
                    + m);
        }
        for (int r = 0; r < m; r++) {
            try {
                loss.checkTarget(ys, r * k, k);
                if (weights != null) {
                    LabeledExample.checkWeight(weights[r]);
                }
            } catch (LabelOutOfRangeException e) {
                throw new LabelOutOfRangeException("learnBatch: row " + r + ": " + e.getMessage());
            } catch (InvalidWeightException e) {
                throw new InvalidWeightException("learnBatch: row " + r + ": " + e.getMessage());
            }
        }
    }

    /** v[off, off+n) ← factor·v (the sample weight on δ_L). */
    private static void scale(double[] v, int off, int n, double factor) {
        for (int i = off; i < off + n; i++) {
            v[i] *= factor;
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

    // ------------------------------------------------------------------ parameters as one vector (replicas)

    /** @return the number of parameters θ: Σ_l (n_l n_{l−1} + n_l) */
    public int parameterCount() {
        int count = 0;
        for (int l = 1; l <= net.depth; l++) {
            count += net.w[l].length + net.b[l].length;
        }
        return count;
    }

    /**
     * Copies θ into one vector, in the order W_1, b_1, W_2, b_2, ... (each row-major as stored).
     *
     * @param out modified: receives θ; length ≥ {@link #parameterCount()}
     */
    public void copyParameters(double[] out) {
        requireLength("out", out, parameterCount());
        net.flush();
        int at = 0;
        for (int l = 1; l <= net.depth; l++) {
            System.arraycopy(net.w[l], 0, out, at, net.w[l].length);
            at += net.w[l].length;
            System.arraycopy(net.b[l], 0, out, at, net.b[l].length);
            at += net.b[l].length;
        }
    }

    /**
     * Replaces θ (the layout of {@link #copyParameters}); the optimiser state, scaler, counters and drift detector are
     * kept. Checked first: on an exception nothing is changed.
     *
     * @param theta read, not kept; exactly {@link #parameterCount()} finite values
     * @throws IllegalArgumentException if the length is wrong or a value is NaN or infinite
     */
    public void setParameters(double[] theta) {
        int count = parameterCount();
        if (theta == null || theta.length != count) {
            throw new IllegalArgumentException("expected " + count + " parameters, got "
                    + (theta == null ? "null" : String.valueOf(theta.length)));
        }
        for (int i = 0; i < count; i++) {
            if (!Double.isFinite(theta[i])) {
                throw new IllegalArgumentException("parameter " + i + " is " + theta[i]);
            }
        }
        net.flush();   // the last event's deferred update of W_1 belongs to the weights replaced here
        int at = 0;
        for (int l = 1; l <= net.depth; l++) {
            System.arraycopy(theta, at, net.w[l], 0, net.w[l].length);
            at += net.w[l].length;
            System.arraycopy(theta, at, net.b[l], 0, net.b[l].length);
            at += net.b[l].length;
        }
        net.invalidateBounds();   // the fused step's cached magnitude bounds were of the old weights
    }

    @Override
    public String toString() {
        return "Model[" + spec.layersString() + ", loss=" + spec.loss() + ", optimizer=" + spec.optimizer().type().jsonName()
                + ", updates=" + updates + ", kernels=" + kernels.name() + "]";
    }
}
