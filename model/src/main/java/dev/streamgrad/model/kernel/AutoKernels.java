package dev.streamgrad.model.kernel;

import java.util.Objects;

/**
 * Per operation, delegates to the backend measured fastest for its size: the native backend when the operation is
 * at least as large as its {@link KernelThresholds} entry (and a native backend is loaded), else the best Java
 * backend ({@link VectorKernels} when the incubator module is present, else {@link JavaKernels}).
 *
 * <p>Contract: as {@link Kernels}. Deterministic: the choice depends only on the shape and the (immutable)
 * thresholds, and each delegate is deterministic. Immutable and thread-safe if its delegates are.
 */
public final class AutoKernels implements Kernels {

    private final Kernels java;
    private final Kernels nativeKernels;
    private final KernelThresholds thresholds;

    /**
     * @param java the best Java backend, not null
     * @param nativeKernels the native backend, or null if it did not load (then everything runs on {@code java})
     * @param thresholds where to switch to native, not null
     */
    public AutoKernels(Kernels java, Kernels nativeKernels, KernelThresholds thresholds) {
        this.java = Objects.requireNonNull(java, "java");
        this.nativeKernels = nativeKernels;
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    @Override
    public String name() {
        return "auto";
    }

    /** @return e.g. {@code "auto(vector, native for gemm with transposed B and m·n·k >= 2000000)"} */
    @Override
    public String toString() {
        return "auto(" + java.name() + (nativeKernels == null ? ", no native"
                : ", " + nativeKernels.name() + " for gemm with transposed B and m·n·k >= "
                + thresholds.gemmNativeMinMnk()
                + (thresholds.gemmNoTransBNativeMinMnk() == Long.MAX_VALUE ? ""
                : ", other gemm from " + thresholds.gemmNoTransBNativeMinMnk())) + ")";
    }

    /** @return the thresholds this instance uses */
    public KernelThresholds thresholds() {
        return thresholds;
    }

    private Kernels pick(long size, long threshold) {
        return nativeKernels != null && size >= threshold ? nativeKernels : java;
    }

    @Override
    public void gemv(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        pick((long) m * n, thresholds.gemvNativeMinMn()).gemv(m, n, alpha, a, x, beta, y);
    }

    @Override
    public void gemvT(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        pick((long) m * n, thresholds.gemvNativeMinMn()).gemvT(m, n, alpha, a, x, beta, y);
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, double[] y, double[] a) {
        pick((long) m * n, thresholds.gerNativeMinMn()).ger(m, n, alpha, x, y, a);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, double[] b, double beta, double[] c) {
        long size = (long) m * n * k;
        Kernels to = pick(size, transB ? thresholds.gemmNativeMinMnk() : thresholds.gemmNoTransBNativeMinMnk());
        to.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
        if (to != nativeKernels && nativeKernels != null) {
            nativeKernels.changedOutside(c);   // c may be held there: its copy is now stale
        }
    }

    /** Holds the arrays in the native backend (the only one that copies), if it loaded. */
    @Override
    public Held hold(double[]... arrays) {
        return nativeKernels == null ? Held.NOTHING : nativeKernels.hold(arrays);
    }

    @Override
    public void changedOutside(double[] array) {
        if (nativeKernels != null) {
            nativeKernels.changedOutside(array);
        }
    }

    @Override
    public void axpy(int n, double alpha, double[] x, double[] y) {
        java.axpy(n, alpha, x, y);
    }

    @Override
    public double dot(int n, double[] x, double[] y) {
        return java.dot(n, x, y);
    }

    @Override
    public void hadamard(int n, double[] x, double[] y, double[] out) {
        java.hadamard(n, x, y, out);
    }

    @Override
    public void backpropUpdate(int m, int n, double[] a, double[] delta, double[] x,
                               double scale, double eta, double[] prev) {
        pick((long) m * n, thresholds.gerNativeMinMn()).backpropUpdate(m, n, a, delta, x, scale, eta, prev);
    }

    /** One backend's fused pass when gemv and backpropUpdate pick the same one for this size; else the two calls. */
    @Override
    public void updateGemv(int m, int n, double[] a, double[] delta, double[] xPrev, double scale, double eta,
                           double[] x, double[] y) {
        Kernels update = pick((long) m * n, thresholds.gerNativeMinMn());
        Kernels product = pick((long) m * n, thresholds.gemvNativeMinMn());
        if (update == product) {
            update.updateGemv(m, n, a, delta, xPrev, scale, eta, x, y);
        } else {
            update.backpropUpdate(m, n, a, delta, xPrev, scale, eta, null);
            product.gemv(m, n, 1.0, a, x, 0.0, y);
        }
    }

    /** Same backend as {@link #backpropUpdate} for the same size, so SGD and adaptive steps pick alike. */
    @Override
    public void adaptiveStep(int m, int n, double[] a, double[] delta, double[] x, StepRule rule, double eta,
                             double l2, long t, double[][] slots, double[] prev) {
        pick((long) m * n, thresholds.gerNativeMinMn()).adaptiveStep(m, n, a, delta, x, rule, eta, l2, t, slots, prev);
    }

    @Override
    public double maxAbs(int n, double[] x) {
        return java.maxAbs(n, x);
    }

    @Override
    public double relu(int n, double[] z, double[] a) {
        return java.relu(n, z, a);
    }

    @Override
    public void reluDerivative(int n, double[] z, double[] delta) {
        java.reluDerivative(n, z, delta);
    }

    @Override
    public double tanh(int n, double[] z, double[] a) {
        return java.tanh(n, z, a);
    }
}
