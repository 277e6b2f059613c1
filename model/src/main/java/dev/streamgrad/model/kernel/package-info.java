/**
 * Dense linear-algebra kernels behind one interface, {@link dev.streamgrad.model.kernel.Kernels}, with
 * interchangeable backends:
 * <ul>
 *   <li>{@link dev.streamgrad.model.kernel.JavaKernels}: plain loops, the reference and the last-resort fallback;</li>
 *   <li>{@link dev.streamgrad.model.kernel.VectorKernels}: the JDK Vector API (FMA, fused backward + update pass,
 *       packed register-blocked GEMM), when the JVM runs with {@code --add-modules jdk.incubator.vector};</li>
 *   <li>{@link dev.streamgrad.model.kernel.OpenBlasKernels}: native OpenBLAS (bytedeco), one thread by default;</li>
 *   <li>{@link dev.streamgrad.model.kernel.AutoKernels}: per operation and size, whichever was measured fastest
 *       ({@link dev.streamgrad.model.kernel.KernelThresholds}).</li>
 * </ul>
 * Obtain them from {@link dev.streamgrad.model.kernel.KernelFactory}, which loads each backend once, falls back
 * (logged once) when one cannot load, and honours {@code -Dstreamgrad.kernels=java|vector|native|auto}.
 * All backends are deterministic and agree with the reference to 1e-12 relative (tests run every backend
 * against it); {@code bench/} measures them and {@code docs/BENCHMARKS.md} holds the figures.
 */
package dev.streamgrad.model.kernel;
