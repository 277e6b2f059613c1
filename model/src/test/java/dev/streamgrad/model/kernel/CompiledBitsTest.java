package dev.streamgrad.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same call gives the same bits before and after the JIT compiles it. Each operation runs 40,000 times on the
 * same operands (past C2's thresholds) and every result must equal the first, which the interpreter computed. This
 * failed on JDK 25 for {@code gemv} and {@code updateGemv} while {@link VectorKernels} summed lanes with
 * {@code reduceLanes(ADD)}, whose order the Vector API leaves open (C2 there adds pairwise, the interpreter in lane
 * order); on JDK 17 both orders happened to agree. A replayed stream must learn the same weights whether the
 * replaying JVM is cold or warm, so this is part of the exactly-once contract.
 */
class CompiledBitsTest {

    private static final int CALLS = 40_000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"java", "vector", "auto"})
    void everyCallGivesTheFirstCallsBits(String backend) {
        Kernels k = KernelsAgreementTest.BACKENDS.get(backend);
        int m = 16;
        int n = 37; // vector body, the 2-vector unrolled loop's remainder and a scalar tail
        Random r = new Random(5);
        double[] a = KernelsAgreementTest.rnd(r, m * n);
        double[] x = KernelsAgreementTest.rnd(r, n);
        double[] xPrev = KernelsAgreementTest.rnd(r, n);
        double[] delta = KernelsAgreementTest.rnd(r, m);
        double[] z = KernelsAgreementTest.rnd(r, n);
        check("gemv", () -> {
            double[] y = new double[m];
            k.gemv(m, n, 1.0, a, x, 0.0, y);
            return y;
        });
        check("gemvT", () -> {
            double[] y = new double[n];
            k.gemvT(m, n, 1.0, a, delta, 0.0, y);
            return y;
        });
        check("dot", () -> new double[] {k.dot(n, x, z)});
        check("updateGemv", () -> {
            double[] w = a.clone();
            double[] y = new double[m];
            k.updateGemv(m, n, w, delta, xPrev, 0.999, 0.01, x, y);
            return concat(w, y);
        });
        check("backpropUpdate", () -> {
            double[] w = a.clone();
            double[] prev = new double[n];
            k.backpropUpdate(m, n, w, delta, x, 0.999, 0.01, prev);
            return concat(w, prev);
        });
        check("tanh", () -> {
            double[] out = new double[n];
            k.tanh(n, z, out);
            return out;
        });
    }

    private static double[] concat(double[] p, double[] q) {
        double[] out = Arrays.copyOf(p, p.length + q.length);
        System.arraycopy(q, 0, out, p.length, q.length);
        return out;
    }

    private static void check(String what, Supplier<double[]> call) {
        double[] first = call.get();
        for (int c = 1; c < CALLS; c++) {
            double[] again = call.get();
            for (int i = 0; i < first.length; i++) {
                if (Double.doubleToRawLongBits(first[i]) != Double.doubleToRawLongBits(again[i])) {
                    assertEquals(first[i], again[i], 0.0, what + ": call " + c + " differs from the first at [" + i
                            + "] (" + Double.doubleToRawLongBits(first[i]) + " vs "
                            + Double.doubleToRawLongBits(again[i]) + ")");
                    assertEquals(Double.doubleToRawLongBits(first[i]), Double.doubleToRawLongBits(again[i]),
                            what + ": call " + c + " differs from the first at [" + i + "] in the sign of zero");
                }
            }
        }
    }
}
