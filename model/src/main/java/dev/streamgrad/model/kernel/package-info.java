/**
 * Dense linear-algebra kernels behind one interface, {@link dev.streamgrad.model.kernel.Kernels}, with
 * interchangeable backends:
 * <ul>
 *   <li>{@link dev.streamgrad.model.kernel.JavaKernels}: plain loops, the reference and the last-resort fallback;</li>
 *   <li>{@link dev.streamgrad.model.kernel.VectorKernels}: the JDK Vector API (FMA, fused backward + update passes
 *       for SGD and for the adaptive optimisers, packed register-blocked GEMM, ReLU and max|x|), when the JVM runs
 *       with {@code --add-modules jdk.incubator.vector};</li>
 *   <li>{@link dev.streamgrad.model.kernel.OpenBlasKernels}: native OpenBLAS (bytedeco), one thread by default;</li>
 *   <li>{@link dev.streamgrad.model.kernel.AutoKernels}: per operation and size, whichever was measured fastest
 *       ({@link dev.streamgrad.model.kernel.KernelThresholds}).</li>
 * </ul>
 * Obtain them from {@link dev.streamgrad.model.kernel.KernelFactory}, which loads each backend once, falls back
 * (logged once) when one cannot load, and honours {@code -Dstreamgrad.kernels=java|vector|native|auto}.
 * {@link dev.streamgrad.model.kernel.StepRule} describes an optimiser's update rule to the fused kernels: its scalar
 * element formulas (which every backend evaluates in the same order, so they agree bit for bit with the optimisers
 * of {@code dev.streamgrad.model.optim}) and the bounds that prove a step cannot overflow.
 * All backends are deterministic and agree with the reference to 1e-12 relative (tests run every backend
 * against it); {@code bench/} measures them and {@code docs/BENCHMARKS.md} holds the figures.
 */
package dev.streamgrad.model.kernel;
