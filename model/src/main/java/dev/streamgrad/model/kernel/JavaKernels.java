package dev.streamgrad.model.kernel;

import static dev.streamgrad.model.kernel.DimensionMismatchException.requireMatrix;
import static dev.streamgrad.model.kernel.DimensionMismatchException.requireVector;

/**
 * Plain-Java backend: straightforward loops, no incubator modules, no native code. It is the reference the
 * other backends are tested against and the fallback when they cannot load. Dot products use four
 * independent accumulators so the JIT can overlap the multiplies (it does not vectorise a single
 * floating-point sum because that would change the order of additions).
 */
public final class JavaKernels implements Kernels {

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void gemv(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        requireMatrix("gemv", "a", a, m, n);
        requireVector("gemv", "x", x, n);
        requireVector("gemv", "y", y, m);
        for (int i = 0; i < m; i++) {
            double s = dotAt(n, a, i * n, x, 0);
            y[i] = beta == 0.0 ? alpha * s : alpha * s + beta * y[i];
        }
    }

    @Override
    public void gemvT(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        requireMatrix("gemvT", "a", a, m, n);
        requireVector("gemvT", "x", x, m);
        requireVector("gemvT", "y", y, n);
        if (beta == 0.0) {
            java.util.Arrays.fill(y, 0, n, 0.0);
        } else if (beta != 1.0) {
            for (int j = 0; j < n; j++) {
                y[j] *= beta;
            }
        }
        for (int i = 0; i < m; i++) {
            double c = alpha * x[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                y[j] += c * a[row + j];
            }
        }
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, double[] y, double[] a) {
        requireMatrix("ger", "a", a, m, n);
        requireVector("ger", "x", x, m);
        requireVector("ger", "y", y, n);
        for (int i = 0; i < m; i++) {
            double c = alpha * x[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                a[row + j] += c * y[j];
            }
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, double[] b, double beta, double[] c) {
        requireMatrix("gemm", "a", a, transA ? k : m, transA ? m : k);
        requireMatrix("gemm", "b", b, transB ? n : k, transB ? k : n);
        requireMatrix("gemm", "c", c, m, n);
        if (!transA && transB) {
            // C[i][j] = alpha·(row i of A)·(row j of B): both rows contiguous, summed like gemv.
            for (int i = 0; i < m; i++) {
                int crow = i * n;
                for (int j = 0; j < n; j++) {
                    double s = dotAt(k, a, i * k, b, j * k);
                    c[crow + j] = beta == 0.0 ? alpha * s : alpha * s + beta * c[crow + j];
                }
            }
            return;
        }
        scale(m * n, beta, c);
        if (transA && !transB) {
            // p-i-j: rows of A's storage, B and C are contiguous; each C[i][j] still sums p in ascending order.
            for (int p = 0; p < k; p++) {
                int brow = p * n;
                for (int i = 0; i < m; i++) {
                    double aip = alpha * a[p * m + i];
                    int crow = i * n;
                    for (int j = 0; j < n; j++) {
                        c[crow + j] += aip * b[brow + j];
                    }
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            int crow = i * n;
            // i-p-j loop order: the inner loop runs along rows of B and C (unit stride when B is not transposed).
            for (int p = 0; p < k; p++) {
                double aip = alpha * (transA ? a[p * m + i] : a[i * k + p]);
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[crow + j] += aip * b[j * k + p];
                    }
                } else {
                    int brow = p * n;
                    for (int j = 0; j < n; j++) {
                        c[crow + j] += aip * b[brow + j];
                    }
                }
            }
        }
    }

    /** y[0..len) ← beta·y; beta == 0 writes zeros whatever y held (even NaN). */
    private static void scale(int len, double beta, double[] y) {
        if (beta == 0.0) {
            java.util.Arrays.fill(y, 0, len, 0.0);
        } else if (beta != 1.0) {
            for (int j = 0; j < len; j++) {
                y[j] *= beta;
            }
        }
    }

    @Override
    public void axpy(int n, double alpha, double[] x, double[] y) {
        requireVector("axpy", "x", x, n);
        requireVector("axpy", "y", y, n);
        for (int i = 0; i < n; i++) {
            y[i] += alpha * x[i];
        }
    }

    @Override
    public double dot(int n, double[] x, double[] y) {
        requireVector("dot", "x", x, n);
        requireVector("dot", "y", y, n);
        return dotAt(n, x, 0, y, 0);
    }

    @Override
    public void hadamard(int n, double[] x, double[] y, double[] out) {
        requireVector("hadamard", "x", x, n);
        requireVector("hadamard", "y", y, n);
        requireVector("hadamard", "out", out, n);
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * y[i];
        }
    }

    @Override
    public void backpropUpdate(int m, int n, double[] a, double[] delta, double[] x,
                               double scale, double eta, double[] prev) {
        requireMatrix("backpropUpdate", "a", a, m, n);
        requireVector("backpropUpdate", "delta", delta, m);
        requireVector("backpropUpdate", "x", x, n);
        if (prev != null) {
            requireVector("backpropUpdate", "prev", prev, n);
            java.util.Arrays.fill(prev, 0, n, 0.0);
        }
        for (int i = 0; i < m; i++) {
            double d = delta[i];
            double step = eta * d;
            int row = i * n;
            if (prev != null) {
                for (int j = 0; j < n; j++) {
                    double w = a[row + j];
                    prev[j] += w * d;
                    a[row + j] = scale * w - step * x[j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    a[row + j] = scale * a[row + j] - step * x[j];
                }
            }
        }
    }

    @Override
    public void adaptiveStep(int m, int n, double[] a, double[] delta, double[] x, StepRule rule, double eta,
                             double l2, long t, double[][] slots, double[] prev) {
        if (prev != null) {
            java.util.Arrays.fill(prev, 0, n, 0.0);
        }
        double c1 = rule.correction1(t);
        double c2 = rule.correction2(t);
        for (int i = 0; i < m; i++) {
            int row = i * n;
            double d = delta[i];
            if (prev != null) {
                for (int j = 0; j < n; j++) {
                    prev[j] += a[row + j] * d;
                }
            }
            stepRow(rule, eta, l2, c1, c2, a, row, 0, n, d, x, slots, false);
        }
    }

    /**
     * One adaptive step of θ = a[row + j], j ∈ [from, to), with the gradient element g_j = δ·x_j computed as a
     * {@code ger} into zeros computes it: {@code 0 + d·x_j} (this backend) or {@code fma(x_j, d, 0)} (the Vector API
     * backend's, whose tails come here), then g_j + λθ. Shared by every Java loop of {@link Kernels#backpropStep}.
     */
    static void stepRow(StepRule rule, double eta, double l2, double c1, double c2, double[] a, int row, int from,
                        int to, double d, double[] x, double[][] slots, boolean fmaGradient) {
        double p = rule.a();
        double eps = rule.eps();
        double[] s0 = slots[0];
        switch (rule.kind()) {
            case MOMENTUM:
            case NESTEROV: {
                boolean nesterov = rule.kind() == StepRule.Kind.NESTEROV;
                for (int j = from; j < to; j++) {
                    double th = a[row + j];
                    double g = (fmaGradient ? Math.fma(x[j], d, 0.0) : 0.0 + d * x[j]) + l2 * th;
                    double v = StepRule.velocity(p, eta, s0[row + j], g);
                    s0[row + j] = v;
                    a[row + j] = StepRule.momentumTheta(nesterov, p, eta, th, v, g);
                }
                break;
            }
            case ADAGRAD:
            case RMSPROP: {
                boolean adagrad = rule.kind() == StepRule.Kind.ADAGRAD;
                for (int j = from; j < to; j++) {
                    double th = a[row + j];
                    double g = (fmaGradient ? Math.fma(x[j], d, 0.0) : 0.0 + d * x[j]) + l2 * th;
                    double s = adagrad ? StepRule.sumSquares(s0[row + j], g) : StepRule.meanSquares(p, s0[row + j], g);
                    s0[row + j] = s;
                    a[row + j] = StepRule.scaledTheta(eta, eps, th, g, s);
                }
                break;
            }
            case ADAM: {
                double[] s1 = slots[1];
                double b2 = rule.b();
                for (int j = from; j < to; j++) {
                    double th = a[row + j];
                    double g = (fmaGradient ? Math.fma(x[j], d, 0.0) : 0.0 + d * x[j]) + l2 * th;
                    double mi = StepRule.firstMoment(p, s0[row + j], g);
                    double vi = StepRule.secondMoment(b2, s1[row + j], g);
                    s0[row + j] = mi;
                    s1[row + j] = vi;
                    a[row + j] = StepRule.adamTheta(eta, eps, c1, c2, th, mi, vi);
                }
                break;
            }
            default:
                throw new IllegalArgumentException("stepRow: " + rule + " is not an adaptive rule");
        }
    }

    @Override
    public double maxAbs(int n, double[] x) {
        requireVector("maxAbs", "x", x, n);
        return maxAbsFrom(0, n, x, 0.0);
    }

    /** max(m, |x_j|) for j ∈ [from, to), NaN propagating (as {@link Math#max}). */
    static double maxAbsFrom(int from, int to, double[] x, double m) {
        for (int j = from; j < to; j++) {
            m = Math.max(m, Math.abs(x[j]));
        }
        return m;
    }

    @Override
    public double relu(int n, double[] z, double[] a) {
        requireVector("relu", "z", z, n);
        requireVector("relu", "a", a, n);
        return reluFrom(0, n, z, a, 0.0);
    }

    /** a_j ← relu(z_j) for j ∈ [from, to); @return max(m, |z_j|) */
    static double reluFrom(int from, int to, double[] z, double[] a, double m) {
        for (int j = from; j < to; j++) {
            double v = z[j];
            a[j] = v > 0 ? v : 0.0;
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Override
    public void reluDerivative(int n, double[] z, double[] delta) {
        requireVector("reluDerivative", "z", z, n);
        requireVector("reluDerivative", "delta", delta, n);
        reluDerivativeFrom(0, n, z, delta);
    }

    @Override
    public double tanh(int n, double[] z, double[] a) {
        requireVector("tanh", "z", z, n);
        requireVector("tanh", "a", a, n);
        return tanhFrom(0, n, z, a, 0.0);
    }

    /** a_j ← tanh(z_j) for j ∈ [from, to); @return max(m, |z_j|) */
    static double tanhFrom(int from, int to, double[] z, double[] a, double m) {
        for (int j = from; j < to; j++) {
            double v = z[j];
            a[j] = HyperbolicTangent.tanh(v);
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static void reluDerivativeFrom(int from, int to, double[] z, double[] delta) {
        for (int j = from; j < to; j++) {
            if (!(z[j] > 0)) {
                delta[j] = 0.0;
            }
        }
    }

    /** Σ a[off+j]·x[xo+j] for j < n, with four accumulators. */
    private static double dotAt(int n, double[] a, int off, double[] x, int xo) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[off + j] * x[xo + j];
            s1 += a[off + j + 1] * x[xo + j + 1];
            s2 += a[off + j + 2] * x[xo + j + 2];
            s3 += a[off + j + 3] * x[xo + j + 3];
        }
        for (; j < n; j++) {
            s0 += a[off + j] * x[xo + j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
