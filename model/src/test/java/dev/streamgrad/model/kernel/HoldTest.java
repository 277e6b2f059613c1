package dev.streamgrad.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#hold}: a backend that keeps native copies of held arrays gives the bits it gives without them, and
 * never reads a stale copy, whichever way the array was changed.
 */
class HoldTest {
    private static final int ROWS = 7;
    private static final int IN = 13;
    private static final int OUT = 11;

    /** W (OUT×IN), X (ROWS×IN), Δ (ROWS×OUT) and the outputs of one mini-batch's three GEMMs. */
    private static final class Batch {
        final double[] w;
        final double[] x = new double[ROWS * IN];
        final double[] delta = new double[ROWS * OUT];
        final double[] z = new double[ROWS * OUT];
        final double[] back = new double[ROWS * IN];

        Batch(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            w = r.doubles(OUT * IN, -1, 1).toArray();
            Arrays.setAll(x, i -> r.nextDouble(-2, 2));
            Arrays.setAll(delta, i -> r.nextDouble(-1, 1));
        }

        /** Forward Z = X Wᵀ, backward Δ W, update W ← 0.99·W − 0.1·Δᵀ X: the order of Network's batch passes. */
        void step(Kernels k) {
            k.gemm(false, true, ROWS, OUT, IN, 1.0, x, w, 0.0, z);
            k.gemm(false, false, ROWS, IN, OUT, 1.0, delta, w, 0.0, back);
            k.gemm(true, false, OUT, IN, ROWS, -0.1, delta, x, 0.99, w);
        }
    }

    private static Kernels nativeKernels() {
        assertTrue(KernelFactory.nativeAvailable(), KernelFactory.describe());
        return KernelFactory.forMode(KernelMode.NATIVE);
    }

    /** Runs three steps (each reads the W the last one wrote) with and without a scope open around them. */
    private static void assertSameBits(Kernels k) {
        Batch plain = new Batch(1);
        Batch held = new Batch(1);
        for (int s = 0; s < 3; s++) {
            plain.step(k);
        }
        try (Kernels.Held scope = k.hold(held.w, null)) {
            for (int s = 0; s < 3; s++) {
                held.step(k);
                assertArrayEquals(held.w, held.w.clone());   // the Java array is written at once
            }
        }
        assertArrayEquals(plain.w, held.w, "W");
        assertArrayEquals(plain.z, held.z, "Z");
        assertArrayEquals(plain.back, held.back, "Δ W");
    }

    @Test
    void nativeGivesTheSameBitsWithTheScope() {
        assertSameBits(nativeKernels());
    }

    @Test
    void autoWithEveryGemmNativeGivesTheSameBits() {
        assertSameBits(KernelFactory.auto(KernelThresholds.NEVER_NATIVE.withGemmNativeMinMnk(0)
                .withGemmNoTransBNativeMinMnk(0)));
    }

    /**
     * The forward GEMM (transposed B) goes native and keeps W's copy; the update (B not transposed) runs in Java and
     * writes W: the next forward must read the new W, not the copy.
     */
    @Test
    void autoDropsTheCopyWhenItsJavaGemmWritesTheHeldArray() {
        Kernels mixed = KernelFactory.auto(KernelThresholds.NEVER_NATIVE.withGemmNativeMinMnk(0));
        assertSameBits(mixed);
        Batch b = new Batch(2);
        double[] before = new double[ROWS * OUT];
        try (Kernels.Held scope = mixed.hold(b.w)) {
            b.step(mixed);
            System.arraycopy(b.z, 0, before, 0, before.length);
            mixed.gemm(false, true, ROWS, OUT, IN, 1.0, b.x, b.w, 0.0, b.z);
        }
        double[] expected = new double[ROWS * OUT];
        new JavaKernels().gemm(false, true, ROWS, OUT, IN, 1.0, b.x, b.w, 0.0, expected);
        assertNotEquals(Arrays.toString(before), Arrays.toString(b.z), "the update changed W");
        assertClose(expected, b.z);
    }

    /** Another native operation writing a held array, or a write announced by changedOutside, drops the copy. */
    @Test
    void otherWritesAreSeenByTheNextGemm() {
        Kernels k = nativeKernels();
        Batch b = new Batch(3);
        double[] ones = new double[OUT * IN];
        Arrays.fill(ones, 1.0);
        try (Kernels.Held scope = k.hold(b.w)) {
            k.gemm(false, true, ROWS, OUT, IN, 1.0, b.x, b.w, 0.0, b.z);   // W copied
            k.axpy(OUT * IN, 0.5, ones, b.w);                                // written by another native call
            assertForwardReads(k, b);
            k.ger(OUT, IN, 0.25, new double[OUT], ones, b.w);               // a zero update: still dropped, still right
            assertForwardReads(k, b);
            b.w[5] += 3.0;                                                    // written in Java, then announced
            k.changedOutside(b.w);
            assertForwardReads(k, b);
        }
        b.w[0] -= 7.0;                                                        // after the scope: nothing is kept
        assertForwardReads(k, b);
    }

    private static void assertForwardReads(Kernels k, Batch b) {
        k.gemm(false, true, ROWS, OUT, IN, 1.0, b.x, b.w, 0.0, b.z);
        double[] expected = new double[ROWS * OUT];
        new JavaKernels().gemm(false, true, ROWS, OUT, IN, 1.0, b.x, b.w, 0.0, expected);
        assertClose(expected, b.z);
    }

    private static void assertClose(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-12 * Math.max(1.0, Math.abs(expected[i]));
            if (Math.abs(expected[i] - actual[i]) > tol) {
                throw new AssertionError("element " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }

    /** A held array whose first use is a beta = 0 output: its old NaN are ignored, as without the scope. */
    @Test
    void aHeldOutputWithBetaZeroIgnoresItsOldValues() {
        Kernels k = nativeKernels();
        Batch b = new Batch(4);
        Arrays.fill(b.z, Double.NaN);
        try (Kernels.Held scope = k.hold(b.z)) {
            k.gemm(false, true, ROWS, OUT, IN, 1.0, b.x, b.w, 0.0, b.z);
            assertTrue(Arrays.stream(b.z).allMatch(Double::isFinite), Arrays.toString(b.z));
            k.gemm(false, true, ROWS, OUT, IN, 1.0, b.x, b.w, 1.0, b.z);    // reads the copy: 2·X Wᵀ
        }
        double[] expected = new double[ROWS * OUT];
        new JavaKernels().gemm(false, true, ROWS, OUT, IN, 2.0, b.x, b.w, 0.0, expected);
        assertClose(expected, b.z);
    }

    /**
     * One held array as both inputs of a call, read over different lengths (A is 10×7, B is 7×20, both from the first
     * elements of one array of 1,000): the copy is sized for the whole array once, so A's buffer is still the one
     * the call reads after B's longer prefix is copied into it.
     */
    @Test
    void oneHeldArrayAsBothInputsOfDifferentLengths() {
        Kernels k = nativeKernels();
        double[] v = new SplittableRandom(7).doubles(1000, -1, 1).toArray();
        double[] c = new double[200];
        try (Kernels.Held scope = k.hold(v)) {
            k.gemm(false, false, 10, 20, 7, 1.0, v, v, 0.0, c);
            k.gemm(false, false, 10, 20, 7, 1.0, v, v, 1.0, c);
        }
        double[] expected = new double[200];
        new JavaKernels().gemm(false, false, 10, 20, 7, 2.0, v, v, 0.0, expected);
        assertClose(expected, c);
    }

    @Test
    void scopesDoNotNestAndCloseTwiceIsHarmless() {
        Kernels k = nativeKernels();
        double[] w = new double[4];
        Kernels.Held scope = k.hold(w);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.hold(w));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
        scope.close();
        assertDoesNotThrow(scope::close);
        assertDoesNotThrow(() -> k.hold(w).close());
    }

    /** Closing a scope a second time, after a later one opened, leaves the later one open. */
    @Test
    void aStaleCloseDoesNotEndALaterScope() {
        Kernels k = nativeKernels();
        double[] w = new double[4];
        Kernels.Held first = k.hold(w);
        first.close();
        Kernels.Held second = k.hold(w);
        first.close();
        assertThrows(IllegalStateException.class, () -> k.hold(w), "the second scope is still open");
        second.close();
        assertDoesNotThrow(() -> k.hold(w).close());
    }

    /** Each thread has its own scope: another thread's gemm neither sees nor disturbs this one's copies. */
    @Test
    void scopesArePerThread() throws Exception {
        Kernels k = nativeKernels();
        Batch mine = new Batch(5);
        Batch plain = new Batch(5);
        try (Kernels.Held scope = k.hold(mine.w)) {
            mine.step(k);
            Thread other = new Thread(() -> {
                try (Kernels.Held theirs = k.hold(mine.w)) {   // not nested: another thread
                    new Batch(6).step(k);
                }
            });
            other.start();
            other.join();
            mine.step(k);
        }
        plain.step(k);
        plain.step(k);
        assertArrayEquals(plain.w, mine.w);
        assertArrayEquals(plain.z, mine.z);
    }

    @Test
    void javaAndVectorBackendsHoldNothing() {
        assertTrue(new JavaKernels().hold(new double[1]) == Kernels.Held.NOTHING);
        assertTrue(KernelFactory.forMode(KernelMode.VECTOR).hold(new double[1]) == Kernels.Held.NOTHING);
    }
}
