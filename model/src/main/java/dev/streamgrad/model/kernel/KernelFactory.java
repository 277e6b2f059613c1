package dev.streamgrad.model.kernel;

/**
 * Creates kernel backends. (Foundation stub: every mode returns the plain-Java backend until the Vector API,
 * OpenBLAS and auto backends land; callers already go through this factory.)
 */
public final class KernelFactory {
    private KernelFactory() {
    }

    /** @return the backend for {@code mode}, or the best available fallback (logged once). */
    public static Kernels forMode(KernelMode mode) {
        return new JavaKernels();
    }

    /** @return {@code forMode(KernelMode.AUTO)} */
    public static Kernels auto() {
        return forMode(KernelMode.AUTO);
    }
}
