package dev.streamgrad.model;

import dev.streamgrad.model.activation.Activation;
import dev.streamgrad.model.kernel.Kernels;
import dev.streamgrad.model.kernel.StepRule;
import dev.streamgrad.model.loss.Loss;
import dev.streamgrad.model.optim.Optimizer;
import java.util.Arrays;

/**
 * The layers' parameters W_l, b_l and every buffer of the forward and backward passes (MATH.md names), preallocated:
 * per event nothing is allocated; the batch buffers grow on demand and are then reused.
 *
 * <p>Not thread-safe. Package-private: {@link Model} is the public face; tests in this package read the buffers.
 */
final class Network {
    final Kernels k;
    final int depth;
    /** n[l], l = 0..L. */
    final int[] n;
    /** act[l], l = 1..L. */
    final Activation[] act;
    /** W_l (n_l × n_{l−1}, row-major) and b_l, l = 1..L; index 0 unused. */
    final double[][] w;
    final double[][] b;
    /** Per event: z_l, a_l (a_0 refers to the input), δ_l. */
    final double[][] z;
    final double[][] a;
    final double[][] delta;
    /** Upper bounds of max |a_l| from the last forward pass, l = 0..L (for the overflow bounds of the fused step). */
    final double[] aMax;
    /**
     * Per parameter array p ([2(l−1)] for W_l, [2(l−1)+1] for b_l): upper bounds of max|θ| at [p][0] and of each
     * optimiser slot's max at [p][1 + j] (+Inf = unknown, recomputed when needed); {@code pending} holds the bounds
     * after the fused update that {@link #fusedSafe} last checked.
     */
    private final double[][] bounds;
    private final double[][] pending;
    /**
     * The first layer's plain-SGD update of the last event, not yet applied to W_1 ({@link #fusedStepDeferred}):
     * W_1 ← deferredScale·W_1 − deferredEta·deferredDelta·deferredInputᵀ. The next {@link #forward} applies it in
     * the same pass that reads W_1 for its product; every other reader of W_1 applies it first ({@link #flush}).
     */
    private boolean deferred;
    private final double[] deferredInput;
    private final double[] deferredDelta;
    private double deferredScale;
    private double deferredEta;
    /** Gradient buffers ∂C/∂W_l, ∂C/∂b_l (allocated on first use: plain SGD per event never needs them). */
    double[][] gw;
    double[][] gb;
    /** Batch buffers (rows × n_l): Z_l, A_l (A_0 refers to the input rows), Δ_l; capacity in rows. */
    double[][] bz;
    double[][] ba;
    double[][] bd;
    private int batchCapacity;

    Network(Kernels k, NetworkSpec spec, double[][] weights, double[][] biases) {
        this.k = k;
        this.depth = spec.depth();
        this.n = new int[depth + 1];
        this.act = new Activation[depth + 1];
        this.w = new double[depth + 1][];
        this.b = new double[depth + 1][];
        this.z = new double[depth + 1][];
        this.a = new double[depth + 1][];
        this.delta = new double[depth + 1][];
        this.aMax = new double[depth + 1];
        int slotCount = spec.optimizer().create().slotCount();
        this.bounds = new double[2 * depth][1 + slotCount];
        this.pending = new double[2 * depth][1 + slotCount];
        invalidateBounds();
        for (int l = 0; l <= depth; l++) {
            n[l] = spec.size(l);
        }
        this.deferredInput = new double[n[0]];
        this.deferredDelta = new double[n[1]];
        for (int l = 1; l <= depth; l++) {
            act[l] = spec.layers().get(l - 1).activation();
            w[l] = weights[l - 1].clone();
            b[l] = biases[l - 1].clone();
            z[l] = new double[n[l]];
            a[l] = new double[n[l]];
            delta[l] = new double[n[l]];
        }
    }

    int outputSize() {
        return n[depth];
    }

    /**
     * Forward pass of one example: z_l = W_l a_{l−1} + b_l, a_l = S_l(z_l). Records upper bounds of max|a_l|.
     *
     * @param x length n_0, not modified (kept as a_0 until the next pass)
     * @return 0 if every z_l and a_l is finite, else the first layer l where one is not
     */
    int forward(double[] x) {
        a[0] = x;
        aMax[0] = k.maxAbs(n[0], x);
        int bad = 0;
        for (int l = 1; l <= depth; l++) {
            double[] zl = z[l];
            if (l == 1 && deferred) {
                deferred = false;
                k.updateGemv(n[1], n[0], w[1], deferredDelta, deferredInput, deferredScale, deferredEta, x, zl);
            } else {
                k.gemv(n[l], n[l - 1], 1.0, w[l], a[l - 1], 0.0, zl);
            }
            double[] bl = b[l];
            for (int i = 0; i < n[l]; i++) {
                zl[i] += bl[i];
            }
            aMax[l] = act[l].apply(k, zl, a[l], n[l]);
            if (bad == 0 && !Double.isFinite(aMax[l])) {
                bad = l;
            }
        }
        return bad;
    }

    /** δ_L from the loss; @return the loss C (not checked) */
    double outputDelta(Loss loss, double[] y) {
        return loss.lossAndDelta(act[depth], z[depth], a[depth], y, delta[depth], 0, n[depth]);
    }

    /**
     * Backward pass of one example into the gradient buffers: gw_l = α·δ_l a_{l−1}ᵀ (ger), gb_l = α·δ_l,
     * δ_{l−1} = S'_{l−1}(z_{l−1}) ⊙ (W_lᵀ δ_l) (gemvT). W and b are not modified.
     *
     * @param alpha 1 for the gradient; η for the plain-SGD form (then gw_l is the step η δ aᵀ, bitwise as the fused kernel)
     * @return 0, or the layer l whose δ_l is not finite
     */
    int backward(double alpha) {
        flush();
        ensureGradients();
        for (int l = depth; l >= 1; l--) {
            int m = n[l];
            int cols = n[l - 1];
            Arrays.fill(gw[l], 0, m * cols, 0.0);
            k.ger(m, cols, alpha, delta[l], a[l - 1], gw[l]);
            for (int i = 0; i < m; i++) {
                gb[l][i] = alpha * delta[l][i];
            }
            if (l > 1) {
                k.gemvT(m, cols, 1.0, w[l], delta[l], 0.0, delta[l - 1]);
                act[l - 1].multiplyDerivative(k, z[l - 1], a[l - 1], delta[l - 1], cols);
                if (!Double.isFinite(maxAbs(delta[l - 1], cols))) {
                    return l - 1;
                }
            }
        }
        return 0;
    }

    /**
     * Whether the fused per-event update ({@link #fusedStep}) is sure not to overflow, from bounds alone (no pass over
     * the weights): with |δ_l| ≤ Δ, |a_{l−1}| ≤ A the gradient elements are bounded by Δ·A, {@link StepRule#bound}
     * bounds every value the rule computes from that and the bounds of θ and its slots, and every δ_{l−1} is bounded
     * by n_l·max|W_l|·Δ·max|S'|. Bounds are kept cheaply (grown by each step) and recomputed exactly only when one
     * gets near overflow. If this returns false the caller takes the exact path (compute, check, then apply).
     *
     * @param slots the optimiser's slots per parameter array ([2(l−1)] for W_l, [2(l−1)+1] for b_l), not modified
     */
    boolean fusedSafe(StepRule rule, double eta, double l2, long t, double[][][] slots) {
        return fusedSafe(rule, eta, l2, t, slots, delta[depth], 1);
    }

    /**
     * {@link #fusedSafe} for a batch of m rows ({@link #fusedSgdBatch}): Δ_L of the rows in {@code deltaL}; the
     * gradient sums of m rows must stay below the bound too.
     */
    boolean fusedSafe(StepRule rule, double eta, double l2, long t, double[][][] slots, double[] deltaL, int m) {
        flush();
        if (boundsHold(rule, eta, l2, t, slots, deltaL, m)) {
            return true;
        }
        // A loose bound of one layer can make the next layer's fail (through δ): tighten all of them, once.
        for (int l = 1; l <= depth; l++) {
            exactBounds(2 * (l - 1), w[l], n[l] * n[l - 1], slots[2 * (l - 1)]);
            exactBounds(2 * (l - 1) + 1, b[l], n[l], slots[2 * (l - 1) + 1]);
        }
        return boundsHold(rule, eta, l2, t, slots, deltaL, m);
    }

    private boolean boundsHold(StepRule rule, double eta, double l2, long t, double[][][] slots, double[] deltaL,
                               int m) {
        double dmax = maxAbs(deltaL, m * n[depth]);
        if (!Double.isFinite(dmax)) {
            return false;
        }
        for (int l = depth; l >= 1; l--) {
            if (!(m * dmax * aMax[l - 1] <= StepRule.SAFE && m * dmax <= StepRule.SAFE)) {
                return false;
            }
            int pw = 2 * (l - 1);
            int size = n[l] * n[l - 1];
            if (!boundStep(rule, eta, l2, t, dmax * aMax[l - 1], pw, w[l], size, slots[pw])
                    || !boundStep(rule, eta, 0.0, t, dmax, pw + 1, b[l], n[l], slots[pw + 1])) {
                return false;
            }
            if (l > 1) {
                double next = n[l] * bounds[pw][0] * dmax * act[l - 1].maxDerivative();
                if (!(next <= StepRule.SAFE)) {
                    exactBounds(pw, w[l], size, slots[pw]);
                    next = n[l] * bounds[pw][0] * dmax * act[l - 1].maxDerivative();
                    if (!(next <= StepRule.SAFE)) {
                        return false;
                    }
                }
                dmax = next;
            }
        }
        return true;
    }

    /** The bounds of array p after one step into pending[p]; recomputes p's bounds exactly once if they are too loose. */
    private boolean boundStep(StepRule rule, double eta, double l2, long t, double dx, int p, double[] theta, int size,
                              double[][] slots) {
        if (rule.bound(eta, l2, t, dx, bounds[p], pending[p])) {
            return true;
        }
        exactBounds(p, theta, size, slots);
        return rule.bound(eta, l2, t, dx, bounds[p], pending[p]);
    }

    private void exactBounds(int p, double[] theta, int size, double[][] slots) {
        bounds[p][0] = maxAbs(theta, size);
        for (int j = 0; j < slots.length; j++) {
            bounds[p][1 + j] = maxAbs(slots[j], size);
        }
    }

    /**
     * Backward pass fused with the optimiser step, layer by layer from L down, one pass over each W_l and its slots
     * ({@link Kernels#backpropUpdate} for plain SGD, {@link Kernels#backpropStep} otherwise): δ_{l−1} from the old
     * W_l, then W_l ← rule(W_l, δ_l a_{l−1}ᵀ + λW_l), b_l ← rule(b_l, δ_l). Gives the bits of {@link #backward}
     * followed by {@code optimizer.step} on every array. Call only after {@link #fusedSafe} returned true for the same
     * arguments.
     *
     * @param slots modified: the optimiser's slots, as for {@link #fusedSafe}
     */
    void fusedStep(Optimizer optimizer, double eta, double l2, long t, double[][][] slots) {
        fusedStep(optimizer, eta, l2, t, slots, false);
    }

    /**
     * {@link #fusedStep}, except that with plain SGD the first layer's W_1 update is recorded rather than applied:
     * the next {@link #forward} applies it in its pass over W_1 ({@link Kernels#updateGemv}, the same bits), so per
     * event W_1 is read and written once instead of being read twice and written once. Until then W_1 (and only
     * W_1) is behind; {@link #flush} applies the update, and every method of this class that reads W_1 other than
     * {@link #forward} calls it first. Its bounds are already those after the step.
     */
    void fusedStepDeferred(Optimizer optimizer, double eta, double l2, long t, double[][][] slots) {
        fusedStep(optimizer, eta, l2, t, slots, true);
    }

    /** Applies the deferred update of W_1, if any ({@link #fusedStepDeferred}); W_1 is then current. */
    void flush() {
        if (deferred) {
            deferred = false;
            k.backpropUpdate(n[1], n[0], w[1], deferredDelta, deferredInput, deferredScale, deferredEta, null);
        }
    }

    private void fusedStep(Optimizer optimizer, double eta, double l2, long t, double[][][] slots, boolean defer) {
        flush();
        StepRule rule = optimizer.rule();
        boolean sgd = rule.kind() == StepRule.Kind.SGD;
        double scale = 1.0 - eta * l2;
        for (int l = depth; l >= 1; l--) {
            int m = n[l];
            int cols = n[l - 1];
            int pw = 2 * (l - 1);
            double[] prev = l > 1 ? delta[l - 1] : null;
            double[] bl = b[l];
            double[] dl = delta[l];
            if (sgd) {
                if (defer && l == 1) {
                    // a[0] is the caller's array: keep a copy of the input for the next forward pass.
                    System.arraycopy(a[0], 0, deferredInput, 0, cols);
                    System.arraycopy(dl, 0, deferredDelta, 0, m);
                    deferredScale = scale;
                    deferredEta = eta;
                    deferred = true;
                } else {
                    k.backpropUpdate(m, cols, w[l], dl, a[l - 1], scale, eta, prev);
                }
                for (int i = 0; i < m; i++) {
                    bl[i] -= eta * dl[i];
                }
            } else {
                k.backpropStep(m, cols, w[l], dl, a[l - 1], rule, eta, l2, t, slots[pw], prev);
                optimizer.step(eta, 0.0, t, bl, dl, m, slots[pw + 1], true);
            }
            if (l > 1) {
                act[l - 1].multiplyDerivative(k, z[l - 1], a[l - 1], delta[l - 1], cols);
            }
            System.arraycopy(pending[pw], 0, bounds[pw], 0, bounds[pw].length);
            System.arraycopy(pending[pw + 1], 0, bounds[pw + 1], 0, bounds[pw + 1].length);
        }
    }

    /**
     * The plain-SGD step from the gradient buffers holding η-scaled steps: W ← scale·W − gw, b ← b − gb.
     *
     * @param commit write; otherwise only check
     * @return 0, or the first layer whose new W or b would not be finite
     */
    int sgdStep(double scale, boolean commit) {
        flush();
        for (int l = 1; l <= depth; l++) {
            int size = n[l] * n[l - 1];
            double[] wl = w[l];
            double[] g = gw[l];
            for (int i = 0; i < size; i++) {
                double v = scale * wl[i] - g[i];
                if (commit) {
                    wl[i] = v;
                } else if (!Double.isFinite(v)) {
                    return l;
                }
            }
            double[] bl = b[l];
            double[] h = gb[l];
            for (int i = 0; i < n[l]; i++) {
                double v = bl[i] - h[i];
                if (commit) {
                    bl[i] = v;
                } else if (!Double.isFinite(v)) {
                    return l;
                }
            }
        }
        if (commit) {
            invalidateBounds();
        }
        return 0;
    }

    /** Forget the bounds of the parameters and slots (after an update that did not maintain them). */
    void invalidateBounds() {
        for (double[] bound : bounds) {
            Arrays.fill(bound, Double.POSITIVE_INFINITY);
        }
    }

    /** @return √(Σ gw² + Σ gb²) over all layers: the global norm used for clipping */
    double gradientNorm() {
        double s = 0;
        for (int l = 1; l <= depth; l++) {
            s += k.dot(n[l] * n[l - 1], gw[l], gw[l]);
            s += k.dot(n[l], gb[l], gb[l]);
        }
        return Math.sqrt(s);
    }

    /** gw, gb ← factor·(gw, gb). */
    void scaleGradients(double factor) {
        for (int l = 1; l <= depth; l++) {
            int size = n[l] * n[l - 1];
            for (int i = 0; i < size; i++) {
                gw[l][i] *= factor;
            }
            for (int i = 0; i < n[l]; i++) {
                gb[l][i] *= factor;
            }
        }
    }

    void ensureGradients() {
        if (gw == null) {
            gw = new double[depth + 1][];
            gb = new double[depth + 1][];
            for (int l = 1; l <= depth; l++) {
                gw[l] = new double[n[l] * n[l - 1]];
                gb[l] = new double[n[l]];
            }
        }
    }

    // ------------------------------------------------------------------ mini-batch

    /** Grows the batch buffers to at least m rows (amortised: capacity doubles). */
    void ensureBatch(int m) {
        if (m <= batchCapacity) {
            return;
        }
        int cap = Math.max(m, 2 * batchCapacity);
        bz = new double[depth + 1][];
        ba = new double[depth + 1][];
        bd = new double[depth + 1][];
        for (int l = 1; l <= depth; l++) {
            bz[l] = new double[cap * n[l]];
            ba[l] = new double[cap * n[l]];
            bd[l] = new double[cap * n[l]];
        }
        batchCapacity = cap;
    }

    /**
     * Applies a deferred step ({@link #flush}), then opens a {@link Kernels#hold} scope on the weight matrices for
     * one mini-batch's passes, so that a backend that copies them (OpenBLAS) copies each W_l in once for
     * {@link #forwardBatch}, {@link #backwardBatch} and {@link #fusedSgdBatch} and out once after the update.
     * Inside the scope W_l may change only through the kernels' gemm (as in {@link #fusedSgdBatch}); close it
     * before a step that writes W in Java ({@link #sgdStep}, the optimisers).
     *
     * @return the scope, to close on this thread
     */
    Kernels.Held holdWeights() {
        flush();
        return k.hold(w);
    }

    /**
     * Forward pass of m rows: Z_l = A_{l−1} W_lᵀ + 1 b_lᵀ (gemm), A_l = S_l(Z_l); records upper bounds of max|A_l|
     * over the rows (for {@link #fusedSafe}). A one-row batch uses gemv, the
     * per-event kernel, so that a batch of one gives the per-event bits (a 1-row GEMM is a GEMV, but a backend may
     * order its sums differently).
     *
     * @param xs m × n_0 input rows, not modified
     * @return 0, or the first layer with a non-finite value
     */
    int forwardBatch(int m, double[] xs) {
        flush();
        ensureBatch(m);
        ba[0] = xs;
        aMax[0] = k.maxAbs(m * n[0], xs);
        int bad = 0;
        for (int l = 1; l <= depth; l++) {
            int out = n[l];
            if (m == 1) {
                k.gemv(out, n[l - 1], 1.0, w[l], ba[l - 1], 0.0, bz[l]);
            } else {
                k.gemm(false, true, m, out, n[l - 1], 1.0, ba[l - 1], w[l], 0.0, bz[l]);
            }
            double[] zl = bz[l];
            double[] bl = b[l];
            for (int r = 0; r < m; r++) {
                int off = r * out;
                for (int i = 0; i < out; i++) {
                    zl[off + i] += bl[i];
                }
            }
            if (act[l].elementwise()) {
                aMax[l] = act[l].apply(k, zl, ba[l], m * out);
            } else {
                act[l].apply(zl, ba[l], m, out);
                double zMax = k.maxAbs(m * out, zl);
                aMax[l] = Double.isFinite(zMax) ? k.maxAbs(m * out, ba[l]) : zMax;
            }
            if (bad == 0 && !Double.isFinite(aMax[l])) {
                bad = l;
            }
        }
        return bad;
    }

    /**
     * Backward pass of m rows: gw_l = α·Δ_lᵀ A_{l−1} (gemm), gb_l = α·Σ_rows Δ_l,
     * Δ_{l−1} = (Δ_l W_l) ⊙ S'(Z_{l−1}) (gemm). The caller has filled Δ_L.
     *
     * @param alpha 1/m for the mean gradient; η/m for the plain-SGD step form
     * @return 0, or the layer whose Δ is not finite
     */
    int backwardBatch(int m, double alpha) {
        flush();
        ensureGradients();
        for (int l = depth; l >= 1; l--) {
            int out = n[l];
            int in = n[l - 1];
            k.gemm(true, false, out, in, m, alpha, bd[l], ba[l - 1], 0.0, gw[l]);
            double[] d = bd[l];
            for (int i = 0; i < out; i++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    s += d[r * out + i];
                }
                gb[l][i] = alpha * s;
            }
            if (l > 1) {
                k.gemm(false, false, m, in, out, 1.0, bd[l], w[l], 0.0, bd[l - 1]);
                act[l - 1].multiplyDerivative(k, bz[l - 1], ba[l - 1], bd[l - 1], m * in);
                if (!Double.isFinite(k.maxAbs(m * in, bd[l - 1]))) {
                    return l - 1;
                }
            }
        }
        return 0;
    }

    /**
     * Backward pass of m rows fused with the plain-SGD step, the step folded into the gradient GEMM (no gradient
     * buffer, no separate pass over W): from L down, Δ_{l−1} = (Δ_l W_l) ⊙ S'(Z_{l−1}) with the old W_l, then
     * W_l ← scale·W_l − (η/m)·Δ_lᵀ A_{l−1} (one gemm with beta = scale), b_l ← b_l − (η/m)·Σ_rows Δ_l. For m = 1
     * with the Java kernels these are the per-event bits. Call only after {@link #fusedSafe} returned true for the
     * batch (the same bounds hold: a row's gradient is bounded like one event's, and the mean by the same).
     */
    void fusedSgdBatch(int m, double eta, double l2) {
        flush();
        double scale = 1.0 - eta * l2;
        double alpha = eta / m;
        for (int l = depth; l >= 1; l--) {
            int out = n[l];
            int in = n[l - 1];
            if (l > 1) {
                k.gemm(false, false, m, in, out, 1.0, bd[l], w[l], 0.0, bd[l - 1]);
                act[l - 1].multiplyDerivative(k, bz[l - 1], ba[l - 1], bd[l - 1], m * in);
            }
            k.gemm(true, false, out, in, m, -alpha, bd[l], ba[l - 1], scale, w[l]);
            double[] d = bd[l];
            double[] bl = b[l];
            for (int i = 0; i < out; i++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    s += d[r * out + i];
                }
                bl[i] -= alpha * s;
            }
            System.arraycopy(pending[2 * (l - 1)], 0, bounds[2 * (l - 1)], 0, 1);
            System.arraycopy(pending[2 * (l - 1) + 1], 0, bounds[2 * (l - 1) + 1], 0, 1);
        }
    }

    /** @return max |v_i| over the first len elements; NaN if any is NaN, +Inf if any is infinite */
    static double maxAbs(double[] v, int len) {
        double m = 0;
        for (int i = 0; i < len; i++) {
            double x = Math.abs(v[i]);
            if (x > m) {
                m = x;
            } else if (x != x) {
                return Double.NaN;
            }
        }
        return m;
    }
}
