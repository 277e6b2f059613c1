package dev.streamgrad.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelFactoryTest {

    private static final KernelFactory.Loaded NATIVE_BROKEN = KernelFactory.load("OpenBLAS", () -> {
        throw new UnsatisfiedLinkError("simulated: no libopenblas for this platform");
    });

    /** The build runs tests with --add-modules jdk.incubator.vector: a broken setup must fail here, not run slower. */
    @Test
    void vectorBackendLoadsOnThisMachine() {
        assertTrue(KernelFactory.vectorAvailable(), KernelFactory.describe());
        assertInstanceOf(VectorKernels.class, KernelFactory.forMode(KernelMode.VECTOR));
    }

    /** OpenBLAS ships in the bytedeco jar: if it does not load here, CI fails rather than silently running Java. */
    @Test
    void nativeBackendLoadsOnThisMachine() {
        assertTrue(KernelFactory.nativeAvailable(), KernelFactory.describe());
        Kernels k = KernelFactory.forMode(KernelMode.NATIVE);
        assertInstanceOf(OpenBlasKernels.class, k);
        assertEquals(1, ((OpenBlasKernels) k).threads(), "OpenBLAS must default to one thread (determinism)");
    }

    @Test
    void autoCombinesVectorAndNative() {
        Kernels k = KernelFactory.auto();
        assertInstanceOf(AutoKernels.class, k);
        assertSame(k, KernelFactory.forMode(KernelMode.AUTO), "auto is loaded once");
        assertTrue(k.toString().contains("vector") && k.toString().contains("native"), k.toString());
        assertEquals(KernelThresholds.forVectorLanes(KernelFactory.vectorAvailable() ? VectorKernels.lanes() : 0),
                ((AutoKernels) k).thresholds());
    }

    @Test
    void thresholdsFollowTheVectorWidth() {
        assertEquals(KernelThresholds.DEFAULTS, KernelThresholds.forVectorLanes(8));
        assertEquals(KernelThresholds.DEFAULTS, KernelThresholds.forVectorLanes(16));
        for (int lanes : new int[] {0, 2, 4}) {
            KernelThresholds t = KernelThresholds.forVectorLanes(lanes);
            assertEquals(2_000_000L, t.gemmNoTransBNativeMinMnk(), "lanes " + lanes);
            assertEquals(KernelThresholds.DEFAULTS.gemmNativeMinMnk(), t.gemmNativeMinMnk(), "lanes " + lanes);
            assertEquals(Long.MAX_VALUE, t.gemvNativeMinMn(), "lanes " + lanes);
            assertEquals(Long.MAX_VALUE, t.gerNativeMinMn(), "lanes " + lanes);
        }
    }

    @Test
    void nativeLoadFailureFallsBackToBestJavaBackend() {
        assertFalse(NATIVE_BROKEN.ok());
        assertTrue(NATIVE_BROKEN.failure().contains("simulated"), NATIVE_BROKEN.failure());
        KernelFactory.Loaded vector = KernelFactory.loadVector(true);
        assertTrue(vector.ok(), vector.failure());
        assertInstanceOf(VectorKernels.class,
                KernelFactory.select(KernelMode.NATIVE, vector, NATIVE_BROKEN, KernelThresholds.DEFAULTS));
        Kernels auto = KernelFactory.select(KernelMode.AUTO, vector, NATIVE_BROKEN, KernelThresholds.DEFAULTS);
        assertTrue(auto.toString().contains("no native"), auto.toString());
        // all operations still work on the fallback
        double[] c = new double[4];
        auto.gemm(false, false, 2, 2, 2, 1, new double[] {1, 2, 3, 4}, new double[] {1, 0, 0, 1}, 0, c);
        assertEquals(4.0, c[3]);
    }

    @Test
    void missingVectorModuleFallsBackToJava() {
        KernelFactory.Loaded vector = KernelFactory.loadVector(false);
        assertFalse(vector.ok());
        assertNull(vector.kernels());
        assertTrue(vector.failure().contains("jdk.incubator.vector"), vector.failure());
        assertInstanceOf(JavaKernels.class,
                KernelFactory.select(KernelMode.VECTOR, vector, NATIVE_BROKEN, KernelThresholds.DEFAULTS));
        assertInstanceOf(JavaKernels.class,
                KernelFactory.select(KernelMode.NATIVE, vector, NATIVE_BROKEN, KernelThresholds.DEFAULTS));
    }

    @Test
    void loaderExceptionsBecomeFailures() {
        KernelFactory.Loaded l = KernelFactory.load("X", () -> {
            throw new IllegalStateException("boom");
        });
        assertFalse(l.ok());
        assertTrue(l.failure().contains("boom"));
    }

    @Test
    void propertyNamesParse() {
        assertEquals(KernelMode.AUTO, KernelFactory.parseMode(null));
        assertEquals(KernelMode.AUTO, KernelFactory.parseMode(" "));
        assertEquals(KernelMode.NATIVE, KernelFactory.parseMode("native"));
        assertEquals(KernelMode.VECTOR, KernelFactory.parseMode("Vector"));
        assertEquals(KernelMode.JAVA, KernelFactory.parseMode("java"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelFactory.parseMode("cuda"));
        assertTrue(e.getMessage().contains(KernelFactory.KERNELS_PROPERTY) && e.getMessage().contains("cuda"));
    }

    @Test
    void propertyOverridesAuto() {
        String old = System.getProperty(KernelFactory.KERNELS_PROPERTY);
        try {
            System.setProperty(KernelFactory.KERNELS_PROPERTY, "java");
            assertInstanceOf(JavaKernels.class, KernelFactory.auto());
            System.setProperty(KernelFactory.KERNELS_PROPERTY, "native");
            assertInstanceOf(OpenBlasKernels.class, KernelFactory.auto());
            // an explicit mode is honoured as given
            assertInstanceOf(VectorKernels.class, KernelFactory.forMode(KernelMode.VECTOR));
        } finally {
            if (old == null) {
                System.clearProperty(KernelFactory.KERNELS_PROPERTY);
            } else {
                System.setProperty(KernelFactory.KERNELS_PROPERTY, old);
            }
        }
    }

    @Test
    void describeNamesEveryBackend() {
        String d = KernelFactory.describe();
        assertTrue(d.contains("vector") && d.contains("native") && d.contains("auto"), d);
    }

    @Test
    void thresholdsRejectNegativeValues() {
        assertThrows(IllegalArgumentException.class, () -> new KernelThresholds(-1, 0, 0, 0));
        assertEquals(5L, KernelThresholds.DEFAULTS.withGemmNativeMinMnk(5).gemmNativeMinMnk());
    }
}
