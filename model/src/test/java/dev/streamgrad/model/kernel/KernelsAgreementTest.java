package dev.streamgrad.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One parameterised test per operation, run over every backend against {@link JavaKernels} (and for gemm a naive
 * triple loop, itself checked against EJML, the independent oracle): odd sizes and vector tails, all transposes, beta 0 (with NaN-filled outputs) / 1 / other.
 * Agreement: |got − expected| ≤ 1e-12 · (the same operation on absolute values), i.e. 1e-12 relative to the
 * magnitude of the summed terms. Each case also runs twice and must give identical bits.
 */
class KernelsAgreementTest {

    static final double TOL = 1e-12;
    static final JavaKernels REF = new JavaKernels();
    static final int[] SIZES = {1, 2, 3, 7, 8, 9, 16, 17, 33, 100, 257};

    /** Every backend under test; "auto-native" sends every operation it can to native (thresholds 0). */
    static Map<String, Kernels> backends() {
        Map<String, Kernels> m = new LinkedHashMap<>();
        m.put("java", KernelFactory.forMode(KernelMode.JAVA));
        m.put("vector", KernelFactory.forMode(KernelMode.VECTOR));
        m.put("native", KernelFactory.forMode(KernelMode.NATIVE));
        m.put("auto", KernelFactory.forMode(KernelMode.AUTO));
        m.put("auto-native", KernelFactory.auto(new KernelThresholds(0, 0, 0, 0)));
        return m;
    }

    static final Map<String, Kernels> BACKENDS = backends();

    static Stream<String> perEventBackends() {
        return Stream.of("java", "vector", "auto");
    }

    static Stream<Arguments> matrixShapes() {
        List<Arguments> out = new ArrayList<>();
        Random r = new Random(42);
        for (String b : BACKENDS.keySet()) {
            for (int i = 0; i < SIZES.length; i++) {
                // every size on both axes against a random partner, plus the diagonal
                int other = SIZES[r.nextInt(SIZES.length)];
                out.add(Arguments.of(b, SIZES[i], other));
                out.add(Arguments.of(b, other, SIZES[i]));
            }
            out.add(Arguments.of(b, 784, 256));
            out.add(Arguments.of(b, 0, 5));
        }
        return out.stream();
    }

    static Stream<Arguments> vectorShapes() {
        List<Arguments> out = new ArrayList<>();
        for (String b : BACKENDS.keySet()) {
            for (int n : SIZES) {
                out.add(Arguments.of(b, n));
            }
            out.add(Arguments.of(b, 0));
            out.add(Arguments.of(b, 1000));
        }
        return out.stream();
    }

    static Stream<Arguments> gemmCases() {
        int[][] shapes = {{1, 1, 1}, {3, 7, 17}, {17, 33, 3}, {4, 16, 9}, {33, 1, 100}, {1, 100, 33},
            {100, 17, 7}, {9, 9, 257}, {32, 10, 256}, {64, 40, 300}, {130, 70, 260}, {5, 6, 0}, {0, 4, 3}};
        double[] betas = {0.0, 1.0, -0.7};
        double[] alphas = {1.0, -2.5, 0.5};
        List<Arguments> out = new ArrayList<>();
        int c = 0;
        for (String b : BACKENDS.keySet()) {
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    for (double beta : betas) {
                        out.add(Arguments.of(b, t >= 2, (t & 1) == 1, s[0], s[1], s[2], alphas[c++ % 3], beta));
                    }
                }
            }
        }
        return out.stream();
    }

    // ------------------------------------------------------------------------------------------ tests

    @ParameterizedTest(name = "{0} gemv {1}x{2}")
    @MethodSource("matrixShapes")
    void gemv(String backend, int m, int n) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(m * 31L + n);
        double[] a = rnd(r, m * n);
        double[] x = rnd(r, n);
        for (double[] ab : new double[][] {{1.0, 0.0}, {-1.5, 1.0}, {0.3, -0.7}}) {
            double alpha = ab[0];
            double beta = ab[1];
            double[] y0 = beta == 0 ? nans(m) : rnd(r, m);
            double[] exp = y0.clone();
            REF.gemv(m, n, alpha, a, x, beta, exp);
            double[] mag = beta == 0 ? new double[m] : abs(y0);
            REF.gemv(m, n, Math.abs(alpha), abs(a), abs(x), Math.abs(beta), mag);
            double[] got = y0.clone();
            k.gemv(m, n, alpha, a.clone(), x.clone(), beta, got);
            assertClose("gemv", exp, got, mag, m);
            double[] again = y0.clone();
            k.gemv(m, n, alpha, a, x, beta, again);
            assertArrayEquals(got, again, "gemv not deterministic");
        }
    }

    /**
     * Each row of a gemv has the bits of that row alone (a one-row gemv), whichever multi-row kernel the backend runs
     * it in (the Vector API's four-row and two-row blocks and its single rows): the per-event model's forward pass
     * must not depend on a layer's height. The backends that per-event learning runs on (native BLAS is not held to it).
     */
    @ParameterizedTest(name = "{0} gemv rows")
    @MethodSource("perEventBackends")
    void gemvRowsHaveTheBitsOfOneRowGemvs(String backend) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(7);
        for (int n : new int[] {3, 8, 13, 64, 67}) {
            for (int m = 1; m <= 11; m++) {
                double[] a = rnd(r, m * n);
                double[] x = rnd(r, n);
                for (double[] ab : new double[][] {{1.0, 0.0}, {0.3, -0.7}}) {
                    double[] y0 = rnd(r, m);
                    double[] got = y0.clone();
                    k.gemv(m, n, ab[0], a, x, ab[1], got);
                    for (int i = 0; i < m; i++) {
                        double[] one = {y0[i]};
                        k.gemv(1, n, ab[0], Arrays.copyOfRange(a, i * n, (i + 1) * n), x, ab[1], one);
                        assertEquals(Double.doubleToRawLongBits(one[0]), Double.doubleToRawLongBits(got[i]),
                                backend + " gemv " + m + "x" + n + " row " + i);
                    }
                }
            }
        }
    }

    /**
     * The fused per-event update gives every row of W the bits of that row alone (a one-row update), and Wᵀδ the bits
     * of the row-order chain prev_j += w_ij·δ_i, i = 0, 1, … (one fused multiply-add per term on the Vector API
     * backends, a product then a sum in Java), whichever multi-row kernel the backend runs the rows in (the Vector
     * API's two-row blocks and its single rows, with and without {@code prev}): per-event learning must not depend
     * on a layer's height.
     */
    @ParameterizedTest(name = "{0} backpropUpdate rows")
    @MethodSource("perEventBackends")
    void backpropUpdateRowsHaveTheBitsOfOneRowUpdates(String backend) {
        Kernels k = BACKENDS.get(backend);
        boolean fma = !"java".equals(backend);
        Random r = new Random(11);
        for (int n : new int[] {3, 8, 13, 64, 67}) {
            for (int m = 1; m <= 11; m++) {
                double[] w = rnd(r, m * n);
                double[] delta = rnd(r, m);
                double[] x = rnd(r, n);
                for (double scale : new double[] {1.0, 0.999}) {
                    double eta = 0.03;
                    double[] expW = new double[m * n];
                    double[] expP = new double[n];
                    for (int i = 0; i < m; i++) {
                        double[] row = Arrays.copyOfRange(w, i * n, (i + 1) * n);
                        k.backpropUpdate(1, n, row, new double[] {delta[i]}, x, scale, eta, null);
                        System.arraycopy(row, 0, expW, i * n, n);
                        for (int j = 0; j < n; j++) {
                            double wij = w[i * n + j];
                            expP[j] = fma ? Math.fma(wij, delta[i], expP[j]) : expP[j] + wij * delta[i];
                        }
                    }
                    String what = backend + " backpropUpdate " + m + "x" + n + " scale " + scale;
                    double[] gotW = w.clone();
                    k.backpropUpdate(m, n, gotW, delta, x, scale, eta, null);
                    assertBits(expW, gotW, what + " without prev, W");
                    double[] gotWp = w.clone();
                    double[] gotP = rnd(r, n);
                    k.backpropUpdate(m, n, gotWp, delta, x, scale, eta, gotP);
                    assertBits(expW, gotWp, what + " with prev, W");
                    assertBits(expP, gotP, what + " prev");
                }
            }
        }
    }

    /**
     * The deferred first-layer update fused with the next forward product ({@code updateGemv}) has the bits of the two
     * calls it replaces, on every backend: per-event learning must not change by deferring the update.
     */
    @ParameterizedTest(name = "{0} updateGemv")
    @MethodSource("backendNames")
    void updateGemvHasTheBitsOfBackpropUpdateThenGemv(String backend) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(13);
        for (int n : new int[] {1, 3, 8, 13, 64, 67}) {
            for (int m = 1; m <= 11; m++) {
                double[] w = rnd(r, m * n);
                double[] delta = rnd(r, m);
                double[] xPrev = rnd(r, n);
                double[] x = rnd(r, n);
                for (double scale : new double[] {1.0, 0.999}) {
                    double eta = 0.03;
                    double[] expW = w.clone();
                    double[] expY = nans(m);
                    k.backpropUpdate(m, n, expW, delta, xPrev, scale, eta, null);
                    k.gemv(m, n, 1.0, expW, x, 0.0, expY);
                    double[] gotW = w.clone();
                    double[] gotY = nans(m);
                    k.updateGemv(m, n, gotW, delta, xPrev, scale, eta, x, gotY);
                    String what = backend + " updateGemv " + m + "x" + n + " scale " + scale;
                    assertBits(expW, gotW, what + ", W");
                    assertBits(expY, gotY, what + ", y");
                }
            }
        }
    }

    static Stream<String> backendNames() {
        return BACKENDS.keySet().stream();
    }

    private static void assertBits(double[] expected, double[] got, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]), what + " [" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0} gemvT {1}x{2}")
    @MethodSource("matrixShapes")
    void gemvT(String backend, int m, int n) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(m * 37L + n);
        double[] a = rnd(r, m * n);
        double[] x = rnd(r, m);
        for (double[] ab : new double[][] {{1.0, 0.0}, {-1.5, 1.0}, {0.3, -0.7}}) {
            double alpha = ab[0];
            double beta = ab[1];
            double[] y0 = beta == 0 ? nans(n) : rnd(r, n);
            double[] exp = y0.clone();
            REF.gemvT(m, n, alpha, a, x, beta, exp);
            double[] mag = beta == 0 ? new double[n] : abs(y0);
            REF.gemvT(m, n, Math.abs(alpha), abs(a), abs(x), Math.abs(beta), mag);
            double[] got = y0.clone();
            k.gemvT(m, n, alpha, a, x, beta, got);
            assertClose("gemvT", exp, got, mag, n);
            double[] again = y0.clone();
            k.gemvT(m, n, alpha, a, x, beta, again);
            assertArrayEquals(got, again, "gemvT not deterministic");
        }
    }

    @ParameterizedTest(name = "{0} ger {1}x{2}")
    @MethodSource("matrixShapes")
    void ger(String backend, int m, int n) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(m * 41L + n);
        double[] a0 = rnd(r, m * n);
        double[] x = rnd(r, m);
        double[] y = rnd(r, n);
        double alpha = -0.37;
        double[] exp = a0.clone();
        REF.ger(m, n, alpha, x, y, exp);
        double[] mag = abs(a0);
        REF.ger(m, n, Math.abs(alpha), abs(x), abs(y), mag);
        double[] got = a0.clone();
        k.ger(m, n, alpha, x, y, got);
        assertClose("ger", exp, got, mag, m * n);
        double[] again = a0.clone();
        k.ger(m, n, alpha, x, y, again);
        assertArrayEquals(got, again, "ger not deterministic");
    }

    @ParameterizedTest(name = "{0} backpropUpdate {1}x{2}")
    @MethodSource("matrixShapes")
    void backpropUpdate(String backend, int m, int n) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(m * 43L + n);
        double[] a0 = rnd(r, m * n);
        double[] delta = rnd(r, m);
        double[] x = rnd(r, n);
        for (double scale : new double[] {1.0, 0.999}) {
            for (boolean withPrev : new boolean[] {true, false}) {
                double eta = 0.05;
                double[] expA = a0.clone();
                double[] expP = withPrev ? nans(n) : null;
                REF.backpropUpdate(m, n, expA, delta, x, scale, eta, expP);
                double[] magA = abs(a0);
                double[] magP = withPrev ? new double[n] : null;
                REF.backpropUpdate(m, n, magA, abs(delta), abs(x), scale, -eta, magP);
                double[] gotA = a0.clone();
                double[] gotP = withPrev ? nans(n) : null;
                k.backpropUpdate(m, n, gotA, delta, x, scale, eta, gotP);
                assertClose("backpropUpdate A", expA, gotA, magA, m * n);
                if (withPrev) {
                    assertClose("backpropUpdate prev", expP, gotP, magP, n);
                }
                double[] againA = a0.clone();
                double[] againP = withPrev ? nans(n) : null;
                k.backpropUpdate(m, n, againA, delta, x, scale, eta, againP);
                assertArrayEquals(gotA, againA, "backpropUpdate not deterministic");
                assertArrayEquals(gotP, againP, "backpropUpdate not deterministic");
            }
        }
    }

    @ParameterizedTest(name = "{0} gemm tA={1} tB={2} {3}x{4}x{5} alpha={6} beta={7}")
    @MethodSource("gemmCases")
    void gemm(String backend, boolean tA, boolean tB, int m, int n, int kk, double alpha, double beta) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(m * 1_000_003L + n * 1009L + kk + (tA ? 7 : 0) + (tB ? 13 : 0));
        double[] a = rnd(r, m * kk);
        double[] b = rnd(r, kk * n);
        double[] c0 = beta == 0 ? nans(m * n) : rnd(r, m * n);
        double[] naive = naiveGemm(tA, tB, m, n, kk, alpha, a, b, beta, c0, false);
        double[] mag = naiveGemm(tA, tB, m, n, kk, alpha, a, b, beta, c0, true);
        assertClose("gemm (naive vs EJML)", ejmlGemm(tA, tB, m, n, kk, alpha, a, b, beta, c0), naive, mag, m * n);
        double[] ref = c0.clone();
        REF.gemm(tA, tB, m, n, kk, alpha, a, b, beta, ref);
        assertClose("gemm (java vs naive)", naive, ref, mag, m * n);
        double[] got = c0.clone();
        k.gemm(tA, tB, m, n, kk, alpha, a, b, beta, got);
        assertClose("gemm", naive, got, mag, m * n);
        assertClose("gemm", ref, got, mag, m * n);
        double[] again = c0.clone();
        k.gemm(tA, tB, m, n, kk, alpha, a, b, beta, again);
        assertArrayEquals(got, again, "gemm not deterministic");
    }

    @ParameterizedTest(name = "{0} axpy {1}")
    @MethodSource("vectorShapes")
    void axpy(String backend, int n) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(n);
        double[] x = rnd(r, n);
        double[] y0 = rnd(r, n);
        double[] exp = y0.clone();
        REF.axpy(n, -1.3, x, exp);
        double[] mag = abs(y0);
        REF.axpy(n, 1.3, abs(x), mag);
        double[] got = y0.clone();
        k.axpy(n, -1.3, x, got);
        assertClose("axpy", exp, got, mag, n);
        double[] again = y0.clone();
        k.axpy(n, -1.3, x, again);
        assertArrayEquals(got, again);
    }

    @ParameterizedTest(name = "{0} dot {1}")
    @MethodSource("vectorShapes")
    void dot(String backend, int n) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(n + 5);
        double[] x = rnd(r, n);
        double[] y = rnd(r, n);
        double exp = REF.dot(n, x, y);
        double mag = REF.dot(n, abs(x), abs(y));
        double got = k.dot(n, x, y);
        assertClose("dot", new double[] {exp}, new double[] {got}, new double[] {mag}, 1);
        assertEquals(Double.doubleToLongBits(got), Double.doubleToLongBits(k.dot(n, x, y)));
    }

    /**
     * maxAbs, relu and reluDerivative against {@link dev.streamgrad.model.activation.Relu}'s scalar loops and a plain
     * max: bit for bit (they only select and compare), with ±0, NaN and ±Inf placed in the vector body and the tail.
     */
    @ParameterizedTest(name = "{0} relu and maxAbs {1}")
    @MethodSource("vectorShapes")
    void reluAndMaxAbs(String backend, int n) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(n + 13);
        double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int trial = 0; trial <= specials.length; trial++) {
            double[] z = rnd(r, n);
            if (n > 0 && trial < specials.length) {
                z[r.nextInt(n)] = specials[trial];
                z[n - 1] = specials[(trial + 1) % specials.length];
            }
            double max = 0;
            for (int i = 0; i < n; i++) {
                max = Double.isNaN(max) || Double.isNaN(z[i]) ? Double.NaN : Math.max(max, Math.abs(z[i]));
            }
            assertEquals(max, k.maxAbs(n, z), "maxAbs");
            double[] expA = new double[n];
            dev.streamgrad.model.activation.Activation.relu().apply(z, expA, 1, n);
            double[] gotA = nans(n);
            assertEquals(max, k.relu(n, z, gotA), "relu returns max|z|");
            assertArrayEquals(expA, gotA, "relu");
            double[] d0 = rnd(r, n);
            double[] expD = d0.clone();
            dev.streamgrad.model.activation.Activation.relu().multiplyDerivative(z, expA, expD, 0, n);
            double[] gotD = d0.clone();
            k.reluDerivative(n, z, gotD);
            assertArrayEquals(expD, gotD, "reluDerivative");
        }
    }

    /**
     * tanh against {@link HyperbolicTangent#tanh} element by element: bit for bit in every backend (the vector lanes
     * run the scalar's operations), over arguments spread across the function's branches (below 2⁻²⁸, the
     * polynomial's range, past the saturation at 22) with ±0, NaN and ±Inf in the vector body and the tail.
     */
    @ParameterizedTest(name = "{0} tanh {1}")
    @MethodSource("vectorShapes")
    void tanh(String backend, int n) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(n + 17);
        double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            22.0, -22.0, Math.nextUp(22.0), 0x1p-28, Math.nextDown(0x1p-28), -Double.MIN_VALUE, 1e300};
        for (int trial = 0; trial <= specials.length; trial++) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                // |z| from 2^-40 to 2^6: every branch and every k of the range reduction
                z[i] = Math.scalb(r.nextDouble() + 0.5, r.nextInt(46) - 40) * (r.nextBoolean() ? 1 : -1);
            }
            if (n > 0 && trial < specials.length) {
                z[r.nextInt(n)] = specials[trial];
                z[n - 1] = specials[(trial + 1) % specials.length];
            }
            double max = 0;
            double[] expA = new double[n];
            for (int i = 0; i < n; i++) {
                max = Double.isNaN(max) || Double.isNaN(z[i]) ? Double.NaN : Math.max(max, Math.abs(z[i]));
                expA[i] = HyperbolicTangent.tanh(z[i]);
            }
            double[] gotA = nans(n);
            assertEquals(max, k.tanh(n, z, gotA), "tanh returns max|z|");
            assertBits(expA, gotA, "tanh");
        }
    }

    @ParameterizedTest(name = "{0} hadamard {1}")
    @MethodSource("vectorShapes")
    void hadamard(String backend, int n) {
        Kernels k = BACKENDS.get(backend);
        Random r = new Random(n + 9);
        double[] x = rnd(r, n);
        double[] y = rnd(r, n);
        double[] exp = new double[n];
        REF.hadamard(n, x, y, exp);
        double[] got = nans(n);
        k.hadamard(n, x, y, got);
        assertClose("hadamard", exp, got, abs(exp), n);
        double[] inPlace = x.clone();
        k.hadamard(n, inPlace, y, inPlace);
        assertArrayEquals(got, inPlace, "hadamard in place");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * The independent oracle: EJML's {@code CommonOps_DDRM.mult*} (its own blocked/reordered algorithms, chosen by
     * size) on copies of the operands, plus beta·C0.
     */
    static double[] ejmlGemm(boolean tA, boolean tB, int m, int n, int k, double alpha, double[] a, double[] b,
                             double beta, double[] c0) {
        DMatrixRMaj ma = new DMatrixRMaj(tA ? k : m, tA ? m : k, true, Arrays.copyOf(a, (tA ? k : m) * (tA ? m : k)));
        DMatrixRMaj mb = new DMatrixRMaj(tB ? n : k, tB ? k : n, true, Arrays.copyOf(b, (tB ? n : k) * (tB ? k : n)));
        DMatrixRMaj mc = new DMatrixRMaj(m, n);
        if (tA && tB) {
            CommonOps_DDRM.multTransAB(alpha, ma, mb, mc);
        } else if (tA) {
            CommonOps_DDRM.multTransA(alpha, ma, mb, mc);
        } else if (tB) {
            CommonOps_DDRM.multTransB(alpha, ma, mb, mc);
        } else {
            CommonOps_DDRM.mult(alpha, ma, mb, mc);
        }
        double[] c = new double[m * n];
        for (int i = 0; i < m * n; i++) {
            c[i] = mc.data[i] + (beta == 0 ? 0 : beta * c0[i]);
        }
        return c;
    }

    static double[] naiveGemm(boolean tA, boolean tB, int m, int n, int k, double alpha, double[] a, double[] b,
                              double beta, double[] c0, boolean absolute) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = tA ? a[p * m + i] : a[i * k + p];
                    double bv = tB ? b[j * k + p] : b[p * n + j];
                    s += absolute ? Math.abs(av * bv) : av * bv;
                }
                double old = beta == 0 ? 0 : (absolute ? Math.abs(beta * c0[i * n + j]) : beta * c0[i * n + j]);
                c[i * n + j] = (absolute ? Math.abs(alpha) : alpha) * s + old;
            }
        }
        return c;
    }

    static void assertClose(String what, double[] exp, double[] got, double[] mag, int len) {
        for (int i = 0; i < len; i++) {
            double err = Math.abs(got[i] - exp[i]);
            if (!(err <= TOL * mag[i] + Double.MIN_NORMAL)) {
                fail(what + ": element " + i + " expected " + exp[i] + " got " + got[i] + " (error " + err
                        + ", allowed " + TOL * mag[i] + ")");
            }
        }
    }

    static double[] rnd(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    static double[] nans(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    static double[] abs(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = Math.abs(v[i]);
        }
        return o;
    }
}
