package dev.streamgrad.model.kernel;

import static dev.streamgrad.model.kernel.DimensionMismatchException.requireMatrix;
import static dev.streamgrad.model.kernel.DimensionMismatchException.requireVector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * JDK Vector API backend ({@code jdk.incubator.vector}, {@link DoubleVector#SPECIES_PREFERRED}: 8 doubles with
 * AVX-512, 4 with AVX2).
 *
 * <p>Contract, beyond {@link Kernels}: single-threaded; every sum is evaluated in an order fixed by the shape
 * alone (vector lanes, then the lanes added in lane order by {@link #sumLanes}, then a scalar tail), so the same
 * call gives the same bits every time, compiled or not, on every JDK with the same vector width; results agree
 * with {@link JavaKernels} to 1e-12 relative to the magnitude of the summed terms (fused multiply-adds round once
 * where the reference rounds twice). Thread-safe: the only state is
 * a per-thread packing buffer for {@link #gemm}; nothing else is allocated per call.
 *
 * <p>Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector}: {@link KernelFactory} checks the
 * boot layer before it touches this class, so a JVM without the flag never links it.
 *
 * <p>Per-event learning is memory-bound for large layers: {@link #backpropUpdate} reads and writes each weight once
 * (the backward product and the SGD step in the same pass over a row, two rows at a time so that {@code prev}
 * is loaded and stored once per pair of rows). {@link #gemm} is a packed, register-blocked kernel (4 rows × 2
 * vectors of C held in registers, A and B packed into contiguous panels per 256-deep slice of k).
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Micro-kernel: MR rows of C × NR columns (two vectors). */
    private static final int MR = 4;
    private static final int NR = 2 * L;
    /** Depth of one packed slice of k; MC rows of A are packed at a time (MC·KC·8 bytes ≈ 256 KB, in L2). */
    private static final int KC = 256;
    private static final int MC = 128;

    private final ThreadLocal<double[][]> packBuffers = ThreadLocal.withInitial(() -> new double[][] {new double[0], new double[0], new double[MR * NR]});

    @Override
    public String name() {
        return "vector";
    }

    /** @return the number of doubles per vector on this JVM and CPU (for logs) */
    public static int lanes() {
        return L;
    }

    @Override
    public void gemv(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        requireMatrix("gemv", "a", a, m, n);
        requireVector("gemv", "x", x, n);
        requireVector("gemv", "y", y, m);
        int i = 0;
        if (n >= L) {
            for (; i + 3 < m; i += 4) {
                dot4(n, a, i * n, x, y, i, alpha, beta);
            }
            for (; i + 1 < m; i += 2) {
                dot2(n, a, i * n, (i + 1) * n, x, y, i, alpha, beta);
            }
        }
        for (; i < m; i++) {
            double s = dotAt(n, a, i * n, x);
            y[i] = beta == 0.0 ? alpha * s : alpha * s + beta * y[i];
        }
    }

    /** Two rows at once (x loaded once for both); same per-row summation order as {@link #dotAt}. */
    private static void dot2(int n, double[] a, int off0, int off1, double[] x, double[] y, int i,
                             double alpha, double beta) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector t0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector t1 = DoubleVector.zero(S);
        int j = 0;
        int bound2 = n - 2 * L;
        for (; j <= bound2; j += 2 * L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector xw = DoubleVector.fromArray(S, x, j + L);
            s0 = DoubleVector.fromArray(S, a, off0 + j).fma(xv, s0);
            t0 = DoubleVector.fromArray(S, a, off0 + j + L).fma(xw, t0);
            s1 = DoubleVector.fromArray(S, a, off1 + j).fma(xv, s1);
            t1 = DoubleVector.fromArray(S, a, off1 + j + L).fma(xw, t1);
        }
        if (j <= n - L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            s0 = DoubleVector.fromArray(S, a, off0 + j).fma(xv, s0);
            s1 = DoubleVector.fromArray(S, a, off1 + j).fma(xv, s1);
            j += L;
        }
        double r0 = sumLanes(s0.add(t0));
        double r1 = sumLanes(s1.add(t1));
        for (; j < n; j++) {
            r0 += a[off0 + j] * x[j];
            r1 += a[off1 + j] * x[j];
        }
        write(y, i, alpha, beta, r0);
        write(y, i + 1, alpha, beta, r1);
    }

    /**
     * Four consecutive rows from {@code off} at once: x is loaded once for the four, and the eight FMA chains hide
     * the FMA latency that bounds {@link #dot2} on short rows (64 columns: 8 dependent FMAs per chain). Each row keeps
     * the summation order of {@link #dotAt}, so the result has the same bits.
     */
    private static void dot4(int n, double[] a, int off, double[] x, double[] y, int i, double alpha, double beta) {
        int o1 = off + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector t0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector t1 = DoubleVector.zero(S);
        DoubleVector s2 = DoubleVector.zero(S);
        DoubleVector t2 = DoubleVector.zero(S);
        DoubleVector s3 = DoubleVector.zero(S);
        DoubleVector t3 = DoubleVector.zero(S);
        int j = 0;
        int bound2 = n - 2 * L;
        for (; j <= bound2; j += 2 * L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector xw = DoubleVector.fromArray(S, x, j + L);
            s0 = DoubleVector.fromArray(S, a, off + j).fma(xv, s0);
            t0 = DoubleVector.fromArray(S, a, off + j + L).fma(xw, t0);
            s1 = DoubleVector.fromArray(S, a, o1 + j).fma(xv, s1);
            t1 = DoubleVector.fromArray(S, a, o1 + j + L).fma(xw, t1);
            s2 = DoubleVector.fromArray(S, a, o2 + j).fma(xv, s2);
            t2 = DoubleVector.fromArray(S, a, o2 + j + L).fma(xw, t2);
            s3 = DoubleVector.fromArray(S, a, o3 + j).fma(xv, s3);
            t3 = DoubleVector.fromArray(S, a, o3 + j + L).fma(xw, t3);
        }
        if (j <= n - L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            s0 = DoubleVector.fromArray(S, a, off + j).fma(xv, s0);
            s1 = DoubleVector.fromArray(S, a, o1 + j).fma(xv, s1);
            s2 = DoubleVector.fromArray(S, a, o2 + j).fma(xv, s2);
            s3 = DoubleVector.fromArray(S, a, o3 + j).fma(xv, s3);
            j += L;
        }
        double r0 = sumLanes(s0.add(t0));
        double r1 = sumLanes(s1.add(t1));
        double r2 = sumLanes(s2.add(t2));
        double r3 = sumLanes(s3.add(t3));
        for (; j < n; j++) {
            r0 += a[off + j] * x[j];
            r1 += a[o1 + j] * x[j];
            r2 += a[o2 + j] * x[j];
            r3 += a[o3 + j] * x[j];
        }
        write(y, i, alpha, beta, r0);
        write(y, i + 1, alpha, beta, r1);
        write(y, i + 2, alpha, beta, r2);
        write(y, i + 3, alpha, beta, r3);
    }

    /** y[i] ← α·r, or α·r + β·y[i] (the two forms of gemv's write). */
    private static void write(double[] y, int i, double alpha, double beta, double r) {
        y[i] = beta == 0.0 ? alpha * r : alpha * r + beta * y[i];
    }

    /** Σ a[off+j]·x[j], j &lt; n: two vector FMA accumulators, a lane reduction, then a scalar tail. */
    private static double dotAt(int n, double[] a, int off, double[] x) {
        if (n < L) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a[off + j] * x[j];
            }
            return s;
        }
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        int j = 0;
        int bound2 = n - 2 * L;
        for (; j <= bound2; j += 2 * L) {
            s0 = DoubleVector.fromArray(S, a, off + j).fma(DoubleVector.fromArray(S, x, j), s0);
            s1 = DoubleVector.fromArray(S, a, off + j + L).fma(DoubleVector.fromArray(S, x, j + L), s1);
        }
        if (j <= n - L) {
            s0 = DoubleVector.fromArray(S, a, off + j).fma(DoubleVector.fromArray(S, x, j), s0);
            j += L;
        }
        double r = sumLanes(s0.add(s1));
        for (; j < n; j++) {
            r += a[off + j] * x[j];
        }
        return r;
    }

    @Override
    public void gemvT(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        requireMatrix("gemvT", "a", a, m, n);
        requireVector("gemvT", "x", x, m);
        requireVector("gemvT", "y", y, n);
        scaleInPlace(n, beta, y, 0);
        int i = 0;
        for (; i + 1 < m; i += 2) {
            axpy2(n, alpha * x[i], a, i * n, alpha * x[i + 1], a, (i + 1) * n, y, 0);
        }
        if (i < m) {
            axpyAt(n, alpha * x[i], a, i * n, y, 0);
        }
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, double[] y, double[] a) {
        requireMatrix("ger", "a", a, m, n);
        requireVector("ger", "x", x, m);
        requireVector("ger", "y", y, n);
        for (int i = 0; i < m; i++) {
            axpyAt(n, alpha * x[i], y, 0, a, i * n);
        }
    }

    @Override
    public void axpy(int n, double alpha, double[] x, double[] y) {
        requireVector("axpy", "x", x, n);
        requireVector("axpy", "y", y, n);
        axpyAt(n, alpha, x, 0, y, 0);
    }

    @Override
    public double dot(int n, double[] x, double[] y) {
        requireVector("dot", "x", x, n);
        requireVector("dot", "y", y, n);
        return dotAt(n, x, 0, y);
    }

    @Override
    public void hadamard(int n, double[] x, double[] y, double[] out) {
        requireVector("hadamard", "x", x, n);
        requireVector("hadamard", "y", y, n);
        requireVector("hadamard", "out", out, n);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            DoubleVector.fromArray(S, x, j).mul(DoubleVector.fromArray(S, y, j)).intoArray(out, j);
        }
        for (; j < n; j++) {
            out[j] = x[j] * y[j];
        }
    }

    @Override
    public void backpropUpdate(int m, int n, double[] a, double[] delta, double[] x,
                               double scale, double eta, double[] prev) {
        requireMatrix("backpropUpdate", "a", a, m, n);
        requireVector("backpropUpdate", "delta", delta, m);
        requireVector("backpropUpdate", "x", x, n);
        if (prev == null) {
            for (int i = 0; i < m; i++) {
                updateRow(n, a, i * n, scale, eta * delta[i], x);
            }
            return;
        }
        requireVector("backpropUpdate", "prev", prev, n);
        java.util.Arrays.fill(prev, 0, n, 0.0);
        int i = 0;
        for (; i + 1 < m; i += 2) {
            fusedRows2(n, a, i * n, delta[i], (i + 1) * n, delta[i + 1], x, scale, eta, prev);
        }
        if (i < m) {
            fusedRow(n, a, i * n, delta[i], x, scale, eta, prev);
        }
    }

    /**
     * Two rows at a time ({@link #updateDot2}): each weight is loaded once, updated with {@link #updateRow}'s formula,
     * stored, and multiplied into the row's sum in {@link #dotAt}'s order, so the bits are those of
     * {@code backpropUpdate(…, null)} then {@code gemv(…, 1, …, 0, y)}.
     */
    @Override
    public void updateGemv(int m, int n, double[] a, double[] delta, double[] xPrev, double scale, double eta,
                           double[] x, double[] y) {
        requireMatrix("updateGemv", "a", a, m, n);
        requireVector("updateGemv", "delta", delta, m);
        requireVector("updateGemv", "xPrev", xPrev, n);
        requireVector("updateGemv", "x", x, n);
        requireVector("updateGemv", "y", y, m);
        if (n < L) {
            Kernels.super.updateGemv(m, n, a, delta, xPrev, scale, eta, x, y);
            return;
        }
        int i = 0;
        for (; i + 1 < m; i += 2) {
            updateDot2(n, a, i * n, scale, eta * delta[i], eta * delta[i + 1], xPrev, x, y, i);
        }
        if (i < m) {
            updateRow(n, a, i * n, scale, eta * delta[i], xPrev);
            write(y, i, 1.0, 0.0, dotAt(n, a, i * n, x));
        }
    }

    /**
     * Rows i and i + 1 (from {@code off}, n ≥ L): w ← fma(xPrev, −step, scale·w) stored, then y_i = Σ w·x with
     * {@link #dotAt}'s two accumulators, lane reduction and scalar tail.
     */
    private static void updateDot2(int n, double[] a, int off, double scale, double step0, double step1,
                                   double[] xPrev, double[] x, double[] y, int i) {
        int o1 = off + n;
        DoubleVector v0 = DoubleVector.broadcast(S, -step0);
        DoubleVector v1 = DoubleVector.broadcast(S, -step1);
        DoubleVector vsc = DoubleVector.broadcast(S, scale);
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector t0 = DoubleVector.zero(S);
        DoubleVector s1 = DoubleVector.zero(S);
        DoubleVector t1 = DoubleVector.zero(S);
        int j = 0;
        int bound2 = n - 2 * L;
        for (; j <= bound2; j += 2 * L) {
            DoubleVector pv = DoubleVector.fromArray(S, xPrev, j);
            DoubleVector pw = DoubleVector.fromArray(S, xPrev, j + L);
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector xw = DoubleVector.fromArray(S, x, j + L);
            DoubleVector w = pv.fma(v0, DoubleVector.fromArray(S, a, off + j).mul(vsc));
            w.intoArray(a, off + j);
            s0 = w.fma(xv, s0);
            w = pw.fma(v0, DoubleVector.fromArray(S, a, off + j + L).mul(vsc));
            w.intoArray(a, off + j + L);
            t0 = w.fma(xw, t0);
            w = pv.fma(v1, DoubleVector.fromArray(S, a, o1 + j).mul(vsc));
            w.intoArray(a, o1 + j);
            s1 = w.fma(xv, s1);
            w = pw.fma(v1, DoubleVector.fromArray(S, a, o1 + j + L).mul(vsc));
            w.intoArray(a, o1 + j + L);
            t1 = w.fma(xw, t1);
        }
        if (j <= n - L) {
            DoubleVector pv = DoubleVector.fromArray(S, xPrev, j);
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector w = pv.fma(v0, DoubleVector.fromArray(S, a, off + j).mul(vsc));
            w.intoArray(a, off + j);
            s0 = w.fma(xv, s0);
            w = pv.fma(v1, DoubleVector.fromArray(S, a, o1 + j).mul(vsc));
            w.intoArray(a, o1 + j);
            s1 = w.fma(xv, s1);
            j += L;
        }
        double r0 = sumLanes(s0.add(t0));
        double r1 = sumLanes(s1.add(t1));
        for (; j < n; j++) {
            double w0 = Math.fma(xPrev[j], -step0, scale * a[off + j]);
            double w1 = Math.fma(xPrev[j], -step1, scale * a[o1 + j]);
            a[off + j] = w0;
            a[o1 + j] = w1;
            r0 += w0 * x[j];
            r1 += w1 * x[j];
        }
        write(y, i, 1.0, 0.0, r0);
        write(y, i + 1, 1.0, 0.0, r1);
    }

    /**
     * One pass over two rows: prev += w0·d0 then += w1·d1 (row order, as the reference); w ← scale·w − η·d·x.
     * (scale·w is exact when scale is 1, so there is no separate branch for it.) Broadcasts are hoisted out of the
     * loop and no vector value is merged across branches, so C2 keeps everything in registers.
     */
    private static void fusedRows2(int n, double[] a, int r0, double d0, int r1, double d1, double[] x,
                                   double scale, double eta, double[] prev) {
        double step0 = eta * d0;
        double step1 = eta * d1;
        DoubleVector vd0 = DoubleVector.broadcast(S, d0);
        DoubleVector vd1 = DoubleVector.broadcast(S, d1);
        DoubleVector vs0 = DoubleVector.broadcast(S, -step0);
        DoubleVector vs1 = DoubleVector.broadcast(S, -step1);
        DoubleVector vsc = DoubleVector.broadcast(S, scale);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector w0 = DoubleVector.fromArray(S, a, r0 + j);
            DoubleVector w1 = DoubleVector.fromArray(S, a, r1 + j);
            w1.fma(vd1, w0.fma(vd0, DoubleVector.fromArray(S, prev, j))).intoArray(prev, j);
            xv.fma(vs0, w0.mul(vsc)).intoArray(a, r0 + j);
            xv.fma(vs1, w1.mul(vsc)).intoArray(a, r1 + j);
        }
        for (; j < n; j++) {
            double w0 = a[r0 + j];
            double w1 = a[r1 + j];
            prev[j] = Math.fma(w1, d1, Math.fma(w0, d0, prev[j]));
            a[r0 + j] = Math.fma(x[j], -step0, scale * w0);
            a[r1 + j] = Math.fma(x[j], -step1, scale * w1);
        }
    }

    private static void fusedRow(int n, double[] a, int r0, double d0, double[] x,
                                 double scale, double eta, double[] prev) {
        double step0 = eta * d0;
        DoubleVector vd0 = DoubleVector.broadcast(S, d0);
        DoubleVector vs0 = DoubleVector.broadcast(S, -step0);
        DoubleVector vsc = DoubleVector.broadcast(S, scale);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector w0 = DoubleVector.fromArray(S, a, r0 + j);
            w0.fma(vd0, DoubleVector.fromArray(S, prev, j)).intoArray(prev, j);
            xv.fma(vs0, w0.mul(vsc)).intoArray(a, r0 + j);
        }
        for (; j < n; j++) {
            double w0 = a[r0 + j];
            prev[j] = Math.fma(w0, d0, prev[j]);
            a[r0 + j] = Math.fma(x[j], -step0, scale * w0);
        }
    }

    /**
     * One pass per row: prev += w·d (the order of {@link #gemvT}); g = fma(x, d, 0) + λw (the bits of {@link #ger}
     * into zeros, then the L2 term); then the rule, lane-wise with separate multiplies and adds, so every lane gives
     * the bits of {@link StepRule}'s scalar formula. The tail goes through the scalar formula itself.
     */
    @Override
    public void adaptiveStep(int m, int n, double[] a, double[] delta, double[] x, StepRule rule, double eta,
                             double l2, long t, double[][] slots, double[] prev) {
        if (prev != null) {
            java.util.Arrays.fill(prev, 0, n, 0.0);
        }
        double c1 = rule.correction1(t);
        double c2 = rule.correction2(t);
        int bound = S.loopBound(n);
        for (int i = 0; i < m; i++) {
            int row = i * n;
            double d = delta[i];
            switch (rule.kind()) {
                case MOMENTUM:
                case NESTEROV:
                    momentumRow(rule.kind() == StepRule.Kind.NESTEROV, rule.a(), eta, l2, a, row, bound, d, x,
                            slots[0], prev);
                    break;
                case ADAGRAD:
                case RMSPROP:
                    squaresRow(rule.kind() == StepRule.Kind.ADAGRAD, rule.a(), rule.eps(), eta, l2, a, row, bound, d,
                            x, slots[0], prev);
                    break;
                default:
                    if (c1 == 1.0 && c2 == 1.0) {
                        adamRowCorrected(rule.a(), rule.b(), rule.eps(), eta, l2, a, row, bound, d, x, slots[0],
                                slots[1], prev);
                    } else {
                        adamRow(rule.a(), rule.b(), rule.eps(), c1, c2, eta, l2, a, row, bound, d, x, slots[0],
                                slots[1], prev);
                    }
                    break;
            }
            if (prev != null) {
                for (int j = bound; j < n; j++) {
                    prev[j] = Math.fma(a[row + j], d, prev[j]);
                }
            }
            JavaKernels.stepRow(rule, eta, l2, c1, c2, a, row, bound, n, d, x, slots, true);
        }
    }

    private static void momentumRow(boolean nesterov, double mu, double eta, double l2, double[] a, int row,
                                    int bound, double d, double[] x, double[] vs, double[] prev) {
        DoubleVector vd = DoubleVector.broadcast(S, d);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector vl2 = DoubleVector.broadcast(S, l2);
        DoubleVector vmu = DoubleVector.broadcast(S, mu);
        DoubleVector veta = DoubleVector.broadcast(S, eta);
        for (int j = 0; j < bound; j += L) {
            DoubleVector w = DoubleVector.fromArray(S, a, row + j);
            if (prev != null) {
                w.fma(vd, DoubleVector.fromArray(S, prev, j)).intoArray(prev, j);
            }
            DoubleVector g = DoubleVector.fromArray(S, x, j).fma(vd, zero).add(vl2.mul(w));
            DoubleVector etaG = veta.mul(g);
            DoubleVector v = vmu.mul(DoubleVector.fromArray(S, vs, row + j)).sub(etaG);
            v.intoArray(vs, row + j);
            // No vector value is merged across the branch (a merged one is boxed by C2).
            if (nesterov) {
                w.add(vmu.mul(v)).sub(etaG).intoArray(a, row + j);
            } else {
                w.add(v).intoArray(a, row + j);
            }
        }
    }

    private static void squaresRow(boolean adagrad, double rho, double eps, double eta, double l2, double[] a,
                                   int row, int bound, double d, double[] x, double[] ss, double[] prev) {
        DoubleVector vd = DoubleVector.broadcast(S, d);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector vl2 = DoubleVector.broadcast(S, l2);
        DoubleVector vrho = DoubleVector.broadcast(S, rho);
        DoubleVector vOneMinusRho = DoubleVector.broadcast(S, 1 - rho);
        DoubleVector veta = DoubleVector.broadcast(S, eta);
        DoubleVector veps = DoubleVector.broadcast(S, eps);
        for (int j = 0; j < bound; j += L) {
            DoubleVector w = DoubleVector.fromArray(S, a, row + j);
            if (prev != null) {
                w.fma(vd, DoubleVector.fromArray(S, prev, j)).intoArray(prev, j);
            }
            DoubleVector g = DoubleVector.fromArray(S, x, j).fma(vd, zero).add(vl2.mul(w));
            DoubleVector old = DoubleVector.fromArray(S, ss, row + j);
            // No vector value is merged across the branch (a merged one is boxed by C2).
            if (adagrad) {
                DoubleVector s = old.add(g.mul(g));
                s.intoArray(ss, row + j);
                w.sub(veta.mul(g).div(s.lanewise(VectorOperators.SQRT).add(veps))).intoArray(a, row + j);
            } else {
                DoubleVector s = vrho.mul(old).add(vOneMinusRho.mul(g).mul(g));
                s.intoArray(ss, row + j);
                w.sub(veta.mul(g).div(s.lanewise(VectorOperators.SQRT).add(veps))).intoArray(a, row + j);
            }
        }
    }

    private static void adamRow(double beta1, double beta2, double eps, double c1, double c2, double eta, double l2,
                                double[] a, int row, int bound, double d, double[] x, double[] ms, double[] vs,
                                double[] prev) {
        DoubleVector vd = DoubleVector.broadcast(S, d);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector vl2 = DoubleVector.broadcast(S, l2);
        DoubleVector vb1 = DoubleVector.broadcast(S, beta1);
        DoubleVector v1b1 = DoubleVector.broadcast(S, 1 - beta1);
        DoubleVector vb2 = DoubleVector.broadcast(S, beta2);
        DoubleVector v1b2 = DoubleVector.broadcast(S, 1 - beta2);
        DoubleVector vc1 = DoubleVector.broadcast(S, c1);
        DoubleVector vc2 = DoubleVector.broadcast(S, c2);
        DoubleVector veta = DoubleVector.broadcast(S, eta);
        DoubleVector veps = DoubleVector.broadcast(S, eps);
        for (int j = 0; j < bound; j += L) {
            DoubleVector w = DoubleVector.fromArray(S, a, row + j);
            if (prev != null) {
                w.fma(vd, DoubleVector.fromArray(S, prev, j)).intoArray(prev, j);
            }
            DoubleVector g = DoubleVector.fromArray(S, x, j).fma(vd, zero).add(vl2.mul(w));
            DoubleVector mi = vb1.mul(DoubleVector.fromArray(S, ms, row + j)).add(v1b1.mul(g));
            DoubleVector vi = vb2.mul(DoubleVector.fromArray(S, vs, row + j)).add(v1b2.mul(g).mul(g));
            mi.intoArray(ms, row + j);
            vi.intoArray(vs, row + j);
            DoubleVector mHat = mi.div(vc1);
            DoubleVector vHat = vi.div(vc2);
            w.sub(veta.mul(mHat).div(vHat.lanewise(VectorOperators.SQRT).add(veps))).intoArray(a, row + j);
        }
    }

    /**
     * {@link #adamRow} once both bias corrections have rounded to exactly 1 (1 − β^t = 1 in doubles: for β1 = 0.9
     * from t ≈ 350, for β2 = 0.999 from t ≈ 37,000): x / 1 is x, bit for bit, so the two divisions by c1 and c2 are
     * dropped. Division and square root bound Adam's per-event speed, so a long-running stream gains a third.
     */
    private static void adamRowCorrected(double beta1, double beta2, double eps, double eta, double l2, double[] a,
                                         int row, int bound, double d, double[] x, double[] ms, double[] vs,
                                         double[] prev) {
        DoubleVector vd = DoubleVector.broadcast(S, d);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector vl2 = DoubleVector.broadcast(S, l2);
        DoubleVector vb1 = DoubleVector.broadcast(S, beta1);
        DoubleVector v1b1 = DoubleVector.broadcast(S, 1 - beta1);
        DoubleVector vb2 = DoubleVector.broadcast(S, beta2);
        DoubleVector v1b2 = DoubleVector.broadcast(S, 1 - beta2);
        DoubleVector veta = DoubleVector.broadcast(S, eta);
        DoubleVector veps = DoubleVector.broadcast(S, eps);
        for (int j = 0; j < bound; j += L) {
            DoubleVector w = DoubleVector.fromArray(S, a, row + j);
            if (prev != null) {
                w.fma(vd, DoubleVector.fromArray(S, prev, j)).intoArray(prev, j);
            }
            DoubleVector g = DoubleVector.fromArray(S, x, j).fma(vd, zero).add(vl2.mul(w));
            DoubleVector mi = vb1.mul(DoubleVector.fromArray(S, ms, row + j)).add(v1b1.mul(g));
            DoubleVector vi = vb2.mul(DoubleVector.fromArray(S, vs, row + j)).add(v1b2.mul(g).mul(g));
            mi.intoArray(ms, row + j);
            vi.intoArray(vs, row + j);
            w.sub(veta.mul(mi).div(vi.lanewise(VectorOperators.SQRT).add(veps))).intoArray(a, row + j);
        }
    }

    @Override
    public double maxAbs(int n, double[] x) {
        requireVector("maxAbs", "x", x, n);
        DoubleVector acc = DoubleVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            acc = acc.max(DoubleVector.fromArray(S, x, j).abs());
        }
        return JavaKernels.maxAbsFrom(j, n, x, acc.reduceLanes(VectorOperators.MAX));
    }

    @Override
    public double relu(int n, double[] z, double[] a) {
        requireVector("relu", "z", z, n);
        requireVector("relu", "a", a, n);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector acc = zero;
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            DoubleVector v = DoubleVector.fromArray(S, z, j);
            zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(a, j);
            acc = acc.max(v.abs());
        }
        return JavaKernels.reluFrom(j, n, z, a, acc.reduceLanes(VectorOperators.MAX));
    }

    @Override
    public void reluDerivative(int n, double[] z, double[] delta) {
        requireVector("reluDerivative", "z", z, n);
        requireVector("reluDerivative", "delta", delta, n);
        DoubleVector zero = DoubleVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            DoubleVector v = DoubleVector.fromArray(S, z, j);
            zero.blend(DoubleVector.fromArray(S, delta, j), v.compare(VectorOperators.GT, 0.0)).intoArray(delta, j);
        }
        JavaKernels.reluDerivativeFrom(j, n, z, delta);
    }

    /**
     * {@link HyperbolicTangent#tanh} lane by lane: the same operations in the same order, so the same bits. Lanes
     * beyond ±22 run the formula at ±22, which gives ±1 as the scalar's saturation does; lanes below 2⁻²⁸ and NaN
     * lanes keep z (the scalar's early returns).
     */
    @Override
    public double tanh(int n, double[] z, double[] a) {
        requireVector("tanh", "z", z, n);
        requireVector("tanh", "a", a, n);
        DoubleVector acc = DoubleVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            DoubleVector v = DoubleVector.fromArray(S, z, j);
            DoubleVector ax = v.abs();
            acc = acc.max(ax);
            DoubleVector t = ax.min(HyperbolicTangent.SATURATION);
            t = t.add(t);
            DoubleVector kr = t.mul(HyperbolicTangent.INV_LN2).add(HyperbolicTangent.ROUNDER);
            DoubleVector k = kr.sub(HyperbolicTangent.ROUNDER);
            DoubleVector r = t.sub(k.mul(HyperbolicTangent.LN2_HI)).sub(k.mul(HyperbolicTangent.LN2_LO));
            DoubleVector q = r.mul(HyperbolicTangent.C13).add(HyperbolicTangent.C12);
            q = q.mul(r).add(HyperbolicTangent.C11);
            q = q.mul(r).add(HyperbolicTangent.C10);
            q = q.mul(r).add(HyperbolicTangent.C9);
            q = q.mul(r).add(HyperbolicTangent.C8);
            q = q.mul(r).add(HyperbolicTangent.C7);
            q = q.mul(r).add(HyperbolicTangent.C6);
            q = q.mul(r).add(HyperbolicTangent.C5);
            q = q.mul(r).add(HyperbolicTangent.C4);
            q = q.mul(r).add(HyperbolicTangent.C3);
            q = q.mul(r).add(HyperbolicTangent.C2);
            DoubleVector s = powerOfTwo(k);
            DoubleVector sm1 = s.sub(1.0);
            DoubleVector sr = s.mul(r);
            DoubleVector hi = sm1.add(sr);
            DoubleVector lo = sm1.sub(hi).add(sr);
            DoubleVector e = hi.add(lo.add(s.mul(r.mul(r).mul(q))));
            DoubleVector y = e.div(e.add(2.0));
            y = y.blend(y.neg(), v.compare(VectorOperators.LT, 0.0));
            v.blend(y, ax.compare(VectorOperators.GE, HyperbolicTangent.TINY)).intoArray(a, j);
        }
        return JavaKernels.tanhFrom(j, n, z, a, acc.reduceLanes(VectorOperators.MAX));
    }

    /**
     * 0 + v₀ + v₁ + … in lane order. Not {@code reduceLanes(ADD)}, whose order the Vector API leaves open: JDK 17's
     * C2 adds the lanes in order (the bits this method keeps), JDK 25's adds them pairwise, and its interpreter in
     * order, so one JVM gave one call two results before and after compiling it (gemv, updateGemv: seen on 25).
     */
    private static double sumLanes(DoubleVector v) {
        double s = 0.0;
        for (int i = 0; i < L; i++) {
            s += v.lane(i);
        }
        return s;
    }

    /**
     * 2^k for integer-valued lanes k in [0, 63], by their binary digits: exact, like the scalar's bit construction.
     * Not by reinterpreting the lanes as longs: on JDK 17, C2 leaves that reinterpretation to the Java fallback in
     * this method (its target species is not a compile-time constant there), which made tanh slower than the scalar.
     */
    private static DoubleVector powerOfTwo(DoubleVector k) {
        DoubleVector s = DoubleVector.broadcast(S, 1.0);
        VectorMask<Double> m = k.compare(VectorOperators.GE, 32.0);
        s = s.blend(0x1p32, m);
        k = k.sub(32.0, m);
        m = k.compare(VectorOperators.GE, 16.0);
        s = s.blend(s.mul(0x1p16), m);
        k = k.sub(16.0, m);
        m = k.compare(VectorOperators.GE, 8.0);
        s = s.blend(s.mul(0x1p8), m);
        k = k.sub(8.0, m);
        m = k.compare(VectorOperators.GE, 4.0);
        s = s.blend(s.mul(0x1p4), m);
        k = k.sub(4.0, m);
        m = k.compare(VectorOperators.GE, 2.0);
        s = s.blend(s.mul(0x1p2), m);
        k = k.sub(2.0, m);
        return s.blend(s.mul(2.0), k.compare(VectorOperators.GE, 1.0));
    }

    /** a[row..row+n) ← scale·a − step·x. */
    private static void updateRow(int n, double[] a, int row, double scale, double step, double[] x) {
        DoubleVector vs = DoubleVector.broadcast(S, -step);
        DoubleVector vsc = DoubleVector.broadcast(S, scale);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            DoubleVector w = DoubleVector.fromArray(S, a, row + j);
            DoubleVector.fromArray(S, x, j).fma(vs, w.mul(vsc)).intoArray(a, row + j);
        }
        for (; j < n; j++) {
            a[row + j] = Math.fma(x[j], -step, scale * a[row + j]);
        }
    }

    /** y[yo..yo+n) += c·x[xo..xo+n). */
    private static void axpyAt(int n, double c, double[] x, int xo, double[] y, int yo) {
        DoubleVector vc = DoubleVector.broadcast(S, c);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            DoubleVector.fromArray(S, x, xo + j).fma(vc, DoubleVector.fromArray(S, y, yo + j)).intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            y[yo + j] = Math.fma(c, x[xo + j], y[yo + j]);
        }
    }

    /** y += c0·x[o0..] then += c1·x[o1..], y loaded and stored once. */
    private static void axpy2(int n, double c0, double[] x, int o0, double c1, double[] x1, int o1,
                              double[] y, int yo) {
        DoubleVector vc0 = DoubleVector.broadcast(S, c0);
        DoubleVector vc1 = DoubleVector.broadcast(S, c1);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            DoubleVector v = DoubleVector.fromArray(S, y, yo + j);
            v = DoubleVector.fromArray(S, x, o0 + j).fma(vc0, v);
            v = DoubleVector.fromArray(S, x1, o1 + j).fma(vc1, v);
            v.intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            y[yo + j] = Math.fma(c1, x1[o1 + j], Math.fma(c0, x[o0 + j], y[yo + j]));
        }
    }

    /** y[off..off+n) ← beta·y, with beta == 0 writing exact zeros (NaN-safe). */
    private static void scaleInPlace(int n, double beta, double[] y, int off) {
        if (beta == 0.0) {
            java.util.Arrays.fill(y, off, off + n, 0.0);
        } else if (beta != 1.0) {
            int j = 0;
            for (int bound = S.loopBound(n); j < bound; j += L) {
                DoubleVector.fromArray(S, y, off + j).mul(beta).intoArray(y, off + j);
            }
            for (; j < n; j++) {
                y[off + j] *= beta;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- gemm

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, double[] b, double beta, double[] c) {
        requireMatrix("gemm", "a", a, transA ? k : m, transA ? m : k);
        requireMatrix("gemm", "b", b, transB ? n : k, transB ? k : n);
        requireMatrix("gemm", "c", c, m, n);
        scaleInPlace(m * n, beta, c, 0);
        if (m == 0 || n == 0 || k == 0 || alpha == 0.0) {
            return;
        }
        int nPanels = (n + NR - 1) / NR;
        double[][] bufs = packBuffers.get();
        int needB = nPanels * NR * Math.min(k, KC);
        int needA = ((Math.min(m, MC) + MR - 1) / MR) * MR * Math.min(k, KC);
        if (bufs[0].length < needB) {
            bufs[0] = new double[needB];
        }
        if (bufs[1].length < needA) {
            bufs[1] = new double[needA];
        }
        double[] bp = bufs[0];
        double[] ap = bufs[1];
        double[] tile = bufs[2];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packB(transB, b, n, k, pc, kc, nPanels, bp);
            for (int ic = 0; ic < m; ic += MC) {
                int mc = Math.min(MC, m - ic);
                packA(transA, a, m, k, ic, mc, pc, kc, ap);
                int mPanels = (mc + MR - 1) / MR;
                for (int jp = 0; jp < nPanels; jp++) {
                    int j0 = jp * NR;
                    int nr = Math.min(NR, n - j0);
                    for (int ipn = 0; ipn < mPanels; ipn++) {
                        int i0 = ic + ipn * MR;
                        int mr = Math.min(MR, m - i0);
                        microKernel(kc, ap, ipn * MR * kc, bp, jp * NR * kc, alpha, c, n, i0, j0, mr, nr, tile);
                    }
                }
            }
        }
    }

    /** Packs op(B)[pc..pc+kc, all columns] into panels of NR columns: panel p, depth q, lane r at (p·kc+q)·NR+r. */
    private static void packB(boolean transB, double[] b, int n, int k, int pc, int kc, int nPanels, double[] bp) {
        for (int jp = 0; jp < nPanels; jp++) {
            int j0 = jp * NR;
            int nr = Math.min(NR, n - j0);
            int base = jp * NR * kc;
            for (int q = 0; q < kc; q++) {
                int dst = base + q * NR;
                int p = pc + q;
                if (transB) {
                    // op(B)[p][j] = B[j][p], B stored n×k
                    for (int r = 0; r < nr; r++) {
                        bp[dst + r] = b[(j0 + r) * k + p];
                    }
                } else {
                    System.arraycopy(b, p * n + j0, bp, dst, nr);
                }
                for (int r = nr; r < NR; r++) {
                    bp[dst + r] = 0.0;
                }
            }
        }
    }

    /** Packs op(A)[ic..ic+mc, pc..pc+kc] into panels of MR rows: panel p, depth q, row r at (p·kc+q)·MR+r. */
    private static void packA(boolean transA, double[] a, int m, int k, int ic, int mc, int pc, int kc, double[] ap) {
        int mPanels = (mc + MR - 1) / MR;
        for (int ipn = 0; ipn < mPanels; ipn++) {
            int i0 = ic + ipn * MR;
            int mr = Math.min(MR, ic + mc - i0);
            int base = ipn * MR * kc;
            for (int q = 0; q < kc; q++) {
                int dst = base + q * MR;
                int p = pc + q;
                for (int r = 0; r < mr; r++) {
                    // op(A)[i][p] = transA ? A[p][i] (A stored k×m) : A[i][p] (A stored m×k)
                    ap[dst + r] = transA ? a[p * m + i0 + r] : a[(i0 + r) * k + p];
                }
                for (int r = mr; r < MR; r++) {
                    ap[dst + r] = 0.0;
                }
            }
        }
    }

    /** C[i0..i0+mr, j0..j0+nr) += alpha · Apanel · Bpanel, with 4×2 vector accumulators. */
    private static void microKernel(int kc, double[] ap, int aOff, double[] bp, int bOff, double alpha,
                                    double[] c, int ldc, int i0, int j0, int mr, int nr, double[] t) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        int ai = aOff;
        int bi = bOff;
        for (int q = 0; q < kc; q++, ai += MR, bi += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (mr == MR && nr == NR) {
            int r0 = i0 * ldc + j0;
            DoubleVector va = DoubleVector.broadcast(S, alpha);
            store(c00, c01, va, c, r0);
            store(c10, c11, va, c, r0 + ldc);
            store(c20, c21, va, c, r0 + 2 * ldc);
            store(c30, c31, va, c, r0 + 3 * ldc);
        } else {
            c00.intoArray(t, 0);
            c01.intoArray(t, L);
            c10.intoArray(t, NR);
            c11.intoArray(t, NR + L);
            c20.intoArray(t, 2 * NR);
            c21.intoArray(t, 2 * NR + L);
            c30.intoArray(t, 3 * NR);
            c31.intoArray(t, 3 * NR + L);
            for (int r = 0; r < mr; r++) {
                int row = (i0 + r) * ldc + j0;
                for (int s = 0; s < nr; s++) {
                    c[row + s] = Math.fma(alpha, t[r * NR + s], c[row + s]);
                }
            }
        }
    }

    private static void store(DoubleVector v0, DoubleVector v1, DoubleVector alpha, double[] c, int off) {
        v0.fma(alpha, DoubleVector.fromArray(S, c, off)).intoArray(c, off);
        v1.fma(alpha, DoubleVector.fromArray(S, c, off + L)).intoArray(c, off + L);
    }
}
