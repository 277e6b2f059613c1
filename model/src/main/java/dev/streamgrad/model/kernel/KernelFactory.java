package dev.streamgrad.model.kernel;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates kernel backends, each loaded at most once per JVM (lazy holders, immutable after their first use).
 *
 * <p>Rules:
 * <ul>
 *   <li>{@link KernelMode#JAVA}: {@link JavaKernels}, always.</li>
 *   <li>{@link KernelMode#VECTOR}: {@link VectorKernels} if the module {@code jdk.incubator.vector} is in the boot
 *       layer (JVM flag {@code --add-modules jdk.incubator.vector}); the class is not even loaded otherwise.
 *       Without it: {@link JavaKernels}, and one log line saying it is slower and how to enable it.</li>
 *   <li>{@link KernelMode#NATIVE}: {@link OpenBlasKernels}, tried once; if it fails (no native library for this
 *       platform, {@link UnsatisfiedLinkError}, ...) one log line says why, and the best Java backend is used.</li>
 *   <li>{@link KernelMode#AUTO}: {@link AutoKernels} over the best Java backend and the native one (if it loaded),
 *       with the thresholds measured for this JVM's vector width ({@link KernelThresholds#forVectorLanes}).</li>
 * </ul>
 * The system property {@value #KERNELS_PROPERTY} ({@code java|vector|native|auto}) overrides the automatic choice:
 * when set, {@code forMode(AUTO)} and {@link #auto()} return the backend it names. An explicit non-AUTO mode is
 * honoured as given. {@value #OPENBLAS_THREADS_PROPERTY} (default 1) sets OpenBLAS's thread count when it loads
 * (more than 1: see the determinism caveat in {@link OpenBlasKernels}).
 */
public final class KernelFactory {

    /** System property that overrides the automatic choice: {@code java}, {@code vector}, {@code native}, {@code auto}. */
    public static final String KERNELS_PROPERTY = "streamgrad.kernels";
    /** System property: OpenBLAS thread count, read once when the native backend loads (default 1). */
    public static final String OPENBLAS_THREADS_PROPERTY = "streamgrad.openblas.threads";

    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "dev.streamgrad.model.kernel.VectorKernels";
    private static final Logger LOG = LoggerFactory.getLogger(KernelFactory.class);

    private KernelFactory() {
    }

    /** The outcome of trying to load a backend: the backend, or null and why. */
    record Loaded(Kernels kernels, String failure) {
        boolean ok() {
            return kernels != null;
        }
    }

    private static final class JavaHolder {
        static final Kernels JAVA = new JavaKernels();
    }

    private static final class VectorHolder {
        static final Loaded LOADED = logVector(loadVector(ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()));
    }

    private static final class NativeHolder {
        static final Loaded LOADED = logNative(load("OpenBLAS", () -> new OpenBlasKernels(openBlasThreads())));
    }

    private static final class AutoHolder {
        static final Kernels AUTO = select(KernelMode.AUTO, VectorHolder.LOADED, NativeHolder.LOADED,
                KernelThresholds.forVectorLanes(VectorHolder.LOADED.ok() ? VectorKernels.lanes() : 0));
    }

    /**
     * @param mode which backend; {@link KernelMode#AUTO} honours {@value #KERNELS_PROPERTY} if it is set
     * @return the backend for {@code mode}, or the best available fallback (the fallback is logged once)
     * @throws IllegalArgumentException if {@value #KERNELS_PROPERTY} holds an unknown name
     */
    public static Kernels forMode(KernelMode mode) {
        KernelMode m = mode == KernelMode.AUTO ? configuredMode() : mode;
        switch (m) {
            case JAVA:
                return JavaHolder.JAVA;
            case VECTOR:
                return bestJava(VectorHolder.LOADED);
            case NATIVE:
                return NativeHolder.LOADED.ok() ? NativeHolder.LOADED.kernels() : bestJava(VectorHolder.LOADED);
            default:
                return AutoHolder.AUTO;
        }
    }

    /** @return {@code forMode(KernelMode.AUTO)} */
    public static Kernels auto() {
        return forMode(KernelMode.AUTO);
    }

    /**
     * @param thresholds where to switch to native, not null
     * @return a new {@link AutoKernels} over the loaded backends with these thresholds (ignores the property)
     */
    public static Kernels auto(KernelThresholds thresholds) {
        return select(KernelMode.AUTO, VectorHolder.LOADED, NativeHolder.LOADED, thresholds);
    }

    /**
     * @return the mode named by {@value #KERNELS_PROPERTY}, or AUTO if it is not set
     * @throws IllegalArgumentException if the property holds an unknown name
     */
    public static KernelMode configuredMode() {
        return parseMode(System.getProperty(KERNELS_PROPERTY));
    }

    /** @return true if the Vector API backend loaded (module present and class linked) */
    public static boolean vectorAvailable() {
        return VectorHolder.LOADED.ok();
    }

    /** @return true if the native OpenBLAS backend loaded */
    public static boolean nativeAvailable() {
        return NativeHolder.LOADED.ok();
    }

    /** @return one line for logs: what each mode resolves to on this JVM, e.g. {@code "kernels: vector (8 lanes) ..."} */
    public static String describe() {
        Loaded v = VectorHolder.LOADED;
        Loaded n = NativeHolder.LOADED;
        return "kernels: vector " + (v.ok() ? "loaded (" + VectorKernels.lanes() + " doubles per vector)"
                : "unavailable (" + v.failure() + ")")
                + "; native " + (n.ok() ? "OpenBLAS loaded (" + ((OpenBlasKernels) n.kernels()).threads()
                + " thread(s))" : "unavailable (" + n.failure() + ")")
                + "; auto = " + AutoHolder.AUTO
                + (System.getProperty(KERNELS_PROPERTY) == null ? ""
                : "; " + KERNELS_PROPERTY + "=" + System.getProperty(KERNELS_PROPERTY));
    }

    // ------------------------------------------------------------------ package-private seams (tests)

    static KernelMode parseMode(String value) {
        if (value == null || value.isBlank()) {
            return KernelMode.AUTO;
        }
        try {
            return KernelMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KERNELS_PROPERTY + " must be one of java, vector, native, auto; got '"
                    + value + "'", e);
        }
    }

    /** Resolves a mode against given load outcomes (no caching, no logging): the fallback logic in one place. */
    static Kernels select(KernelMode mode, Loaded vector, Loaded nativeLoaded, KernelThresholds thresholds) {
        Kernels java = bestJava(vector);
        switch (mode) {
            case JAVA:
                return JavaHolder.JAVA;
            case VECTOR:
                return java;
            case NATIVE:
                return nativeLoaded.ok() ? nativeLoaded.kernels() : java;
            default:
                return new AutoKernels(java, nativeLoaded.ok() ? nativeLoaded.kernels() : null, thresholds);
        }
    }

    static Loaded loadVector(boolean modulePresent) {
        if (!modulePresent) {
            return new Loaded(null, "module " + VECTOR_MODULE + " is not in the boot layer");
        }
        return load("Vector API", () -> {
            Kernels k = (Kernels) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
            double[] probe = {1, 2, 3};
            if (k.dot(3, probe, probe) != 14.0) {
                throw new IllegalStateException("self-test failed");
            }
            return k;
        });
    }

    /** Runs {@code loader} once; any exception or linkage error becomes a failure with its reason. */
    static Loaded load(String what, Callable<Kernels> loader) {
        try {
            return new Loaded(loader.call(), null);
        } catch (Exception | LinkageError e) {
            Throwable cause = e;
            if (e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null) {
                cause = e.getCause();
            }
            return new Loaded(null, what + " failed to load: " + cause);
        }
    }

    private static Kernels bestJava(Loaded vector) {
        return vector.ok() ? vector.kernels() : JavaHolder.JAVA;
    }

    private static int openBlasThreads() {
        String v = System.getProperty(OPENBLAS_THREADS_PROPERTY);
        if (v == null || v.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(OPENBLAS_THREADS_PROPERTY + " must be an integer >= 1, got '" + v + "'", e);
        }
    }

    private static Loaded logVector(Loaded loaded) {
        if (loaded.ok()) {
            LOG.info("streamgrad kernels: JDK Vector API backend loaded ({} doubles per vector)", VectorKernels.lanes());
        } else {
            LOG.warn("streamgrad kernels: JDK Vector API backend not used ({}); falling back to plain-Java kernels, "
                    + "about 2-3x slower per event on large layers. Enable it with the JVM flag "
                    + "--add-modules jdk.incubator.vector", loaded.failure());
        }
        return loaded;
    }

    private static Loaded logNative(Loaded loaded) {
        if (loaded.ok()) {
            LOG.info("streamgrad kernels: native OpenBLAS backend loaded ({} thread(s))",
                    ((OpenBlasKernels) loaded.kernels()).threads());
        } else {
            LOG.warn("streamgrad kernels: native OpenBLAS backend not used ({}); large GEMMs run on the Java backend",
                    loaded.failure());
        }
        return loaded;
    }
}
