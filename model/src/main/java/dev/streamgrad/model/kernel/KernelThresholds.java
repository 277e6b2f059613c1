package dev.streamgrad.model.kernel;

/**
 * Where {@link AutoKernels} switches an operation from the best Java backend (Vector API when present, else plain
 * Java) to native OpenBLAS. Immutable; a threshold of {@link Long#MAX_VALUE} means "never native".
 *
 * <p>Where the defaults come from: {@code bench/run.sh} (JMH, one thread, double; {@code GemmBench} and
 * {@code KernelBench} in {@code bench/}) on the project machine (2-core AMD EPYC, AVX-512, so 8 doubles per
 * vector; JDK 17.0.15), 2026-11-23. The tables are in {@code docs/BENCHMARKS.md} ("Kernel crossover", "Kernels per
 * event"); re-measure there before changing a number.
 * <ul>
 *   <li>{@code gemm}: native includes copying A and B (and C if beta ≠ 0) into native memory and C back. Measured
 *       (GFLOP/s, vector vs native, 1-thread dgemm peak 49 in the same run): NT 32×16×8: 11 vs 12;
 *       NT 32×128×64 (2.6·10⁵ multiply-adds): 14.6 vs 14.6; NN 128³ (2.1·10⁶): 40 vs 41; NT 32×256×784
 *       (6.4·10⁶, the 784-256-10 micro-batch): 30 vs 33. Below about 2·10⁶ the two are within noise and the
 *       Vector API avoids the native call and copies; above it OpenBLAS is ahead. Hence 2·10⁶.</li>
 *   <li>{@code gemv}, {@code gemvT}, {@code ger}, {@code backpropUpdate}, {@code axpy}, {@code dot}: never native.
 *       They do O(1) work per element they touch, so the copy into native memory costs as much as the operation:
 *       gemv on 256×784 ran at about 40,000 calls/s with the Vector API against 10,600 native (with copies).
 *       The fused backpropUpdate on 256×784 was within noise of native on a loaded run (2,200 vs 2,600 calls/s,
 *       error bars larger than the gap) and 5,400 calls/s with the Vector API on a quieter one; native needs three
 *       BLAS passes plus copies of W both ways, so it stays on the Vector API until a quiet run says otherwise.</li>
 * </ul>
 *
 * @param gemmNativeMinMnk gemm goes native when {@code (long) m·n·k >= gemmNativeMinMnk}
 * @param gemvNativeMinMn gemv and gemvT go native when {@code (long) m·n >= gemvNativeMinMn}
 * @param gerNativeMinMn ger and backpropUpdate go native when {@code (long) m·n >= gerNativeMinMn}
 */
public record KernelThresholds(long gemmNativeMinMnk, long gemvNativeMinMn, long gerNativeMinMn) {

    /** The measured defaults (see the class comment). */
    public static final KernelThresholds DEFAULTS = new KernelThresholds(2_000_000L, Long.MAX_VALUE, Long.MAX_VALUE);

    /** Never native (for tests and for comparing backends). */
    public static final KernelThresholds NEVER_NATIVE =
            new KernelThresholds(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

    public KernelThresholds {
        if (gemmNativeMinMnk < 0 || gemvNativeMinMn < 0 || gerNativeMinMn < 0) {
            throw new IllegalArgumentException("thresholds must be >= 0: " + gemmNativeMinMnk + ", "
                    + gemvNativeMinMn + ", " + gerNativeMinMn);
        }
    }

    /** @return a copy with another gemm threshold */
    public KernelThresholds withGemmNativeMinMnk(long value) {
        return new KernelThresholds(value, gemvNativeMinMn, gerNativeMinMn);
    }
}
