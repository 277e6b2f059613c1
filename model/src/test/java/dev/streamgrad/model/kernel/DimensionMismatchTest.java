package dev.streamgrad.model.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation on every backend fails fast on a short array, naming the argument and both shapes. */
class DimensionMismatchTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String b : KernelsAgreementTest.BACKENDS.keySet()) {
            Kernels k = KernelsAgreementTest.BACKENDS.get(b);
            double[] a6 = new double[6];
            double[] v3 = new double[3];
            double[] v4 = new double[4];
            double[] v2 = new double[2];
            out.add(Arguments.of(b, "gemv a", (Executable) () -> k.gemv(3, 4, 1, a6, v4, 0, v3), "3×4 = 12", "6 elements"));
            out.add(Arguments.of(b, "gemv x", (Executable) () -> k.gemv(2, 4, 1, new double[8], v3, 0, v2), "length 4", "3 elements"));
            out.add(Arguments.of(b, "gemvT y", (Executable) () -> k.gemvT(2, 4, 1, new double[8], v2, 0, v3), "length 4", "3 elements"));
            out.add(Arguments.of(b, "ger a", (Executable) () -> k.ger(3, 4, 1, v3, v4, a6), "3×4 = 12", "6 elements"));
            out.add(Arguments.of(b, "gemm b", (Executable) () -> k.gemm(false, true, 2, 3, 4, 1, new double[8], a6, 0, a6), "3×4 = 12", "6 elements"));
            out.add(Arguments.of(b, "gemm c", (Executable) () -> k.gemm(true, false, 3, 3, 2, 1, a6, a6, 0, a6), "3×3 = 9", "6 elements"));
            out.add(Arguments.of(b, "axpy", (Executable) () -> k.axpy(4, 1, v3, v4), "length 4", "3 elements"));
            out.add(Arguments.of(b, "dot", (Executable) () -> k.dot(4, v4, v3), "length 4", "3 elements"));
            out.add(Arguments.of(b, "hadamard", (Executable) () -> k.hadamard(4, v4, v4, v3), "length 4", "3 elements"));
            out.add(Arguments.of(b, "backpropUpdate prev", (Executable) () -> k.backpropUpdate(2, 4, new double[8], v2, v4, 1, 0.1, v3), "length 4", "3 elements"));
            out.add(Arguments.of(b, "tanh z", (Executable) () -> k.tanh(4, v3, v4), "length 4", "3 elements"));
            out.add(Arguments.of(b, "tanh a", (Executable) () -> k.tanh(4, v4, v3), "length 4", "3 elements"));
            out.add(Arguments.of(b, "tanh null", (Executable) () -> k.tanh(4, v4, null), "length 4", "no array"));
            out.add(Arguments.of(b, "backpropUpdate null", (Executable) () -> k.backpropUpdate(2, 4, null, v2, v4, 1, 0.1, null), "2×4 = 8", "no array"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void shortArrayFailsNamingBothShapes(String backend, String what, Executable call, String need, String has) {
        DimensionMismatchException e = assertThrows(DimensionMismatchException.class, call);
        assertTrue(e.getMessage().contains(need) && e.getMessage().contains(has), e.getMessage());
    }
}
