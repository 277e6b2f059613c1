package dev.streamgrad.model.kernel;

/** Which kernel backend to use; {@link #AUTO} picks per operation size. */
public enum KernelMode {
    /** Plain Java loops ({@link JavaKernels}). Always available. */
    JAVA,
    /** JDK Vector API (needs {@code --add-modules jdk.incubator.vector}); falls back to {@link #JAVA}. */
    VECTOR,
    /** Native OpenBLAS through bytedeco/JavaCPP; falls back to the best Java backend. */
    NATIVE,
    /** Per operation, the backend measured fastest for its size. */
    AUTO
}
