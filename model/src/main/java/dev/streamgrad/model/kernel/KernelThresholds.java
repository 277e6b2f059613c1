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
 *   <li>{@code gemm}: native includes copying A and B (and C if beta ≠ 0) into native memory and C back. In the
 *       run of 10:49 UTC (1-thread dgemm peak 47.8 GFLOP/s), GFLOP/s vector vs native: with B transposed (the
 *       forward pass X·Wᵀ) NT 32×256×784: 22.6 vs 31.4, NT 32×512×512: 18.3 vs 21.5, NT 32×128×64: 26.7 vs 29.9
 *       (the Vector API packs a transposed B with a strided gather, OpenBLAS does it better); without it
 *       TN 256×784×32: 42.6 vs 29.4, TN 512×512×32: 41.4 vs 28.0, NN 32×512×512: 34.1 vs 30.9, NN 256³: 44.5 vs
 *       42.4, NN 512³: 38.0 vs 38.8 (a tie). An earlier run (10:26 UTC, peak 49) agreed in direction
 *       (NT 32×256×784: 30 vs 33; TN 256×784×32: 40 vs 35). Hence: transposed B goes native from 2·10⁶
 *       multiply-adds (below that, the two are within noise and the Vector API saves the call and copies);
 *       non-transposed B stays on the Vector API.</li>
 *   <li>{@code gemv}, {@code gemvT}, {@code ger}, {@code backpropUpdate}, {@code axpy}, {@code dot}: never native.
 *       They do O(1) work per element they touch, so the copy into native memory costs as much as the operation:
 *       gemv on 256×784 ran at about 40,000 calls/s with the Vector API against 10,600 native (with copies).
 *       The fused backpropUpdate on 256×784 was within noise of native on a loaded run (2,200 vs 2,600 calls/s,
 *       error bars larger than the gap) and 5,400 calls/s with the Vector API on a quieter one; native needs three
 *       BLAS passes plus copies of W both ways, so it stays on the Vector API until a quiet run says otherwise.</li>
 * </ul>
 *
 * @param gemmNativeMinMnk gemm with {@code transB} goes native when {@code (long) m·n·k >= gemmNativeMinMnk}
 * @param gemmNoTransBNativeMinMnk gemm without {@code transB} goes native when {@code (long) m·n·k} is at least this
 * @param gemvNativeMinMn gemv and gemvT go native when {@code (long) m·n >= gemvNativeMinMn}
 * @param gerNativeMinMn ger and backpropUpdate go native when {@code (long) m·n >= gerNativeMinMn}
 */
public record KernelThresholds(long gemmNativeMinMnk, long gemmNoTransBNativeMinMnk, long gemvNativeMinMn,
                               long gerNativeMinMn) {

    /** The measured defaults with 8-lane vectors (see the class comment); {@link #forVectorLanes} picks. */
    public static final KernelThresholds DEFAULTS = new KernelThresholds(2_000_000L, Long.MAX_VALUE, Long.MAX_VALUE,
            Long.MAX_VALUE);

    /**
     * Without an 8-lane Vector API (AVX2: 4 doubles per vector, or no Vector API at all), the Java GEMM loses to
     * OpenBLAS-with-copies on the skinny non-transposed shapes of learnBatch as well. Measured on a 2-core AMD EPYC
     * with AVX2 (4 lanes; JDK 17), 2026-11-30 ({@code GemmBench}, calls/s vector vs native): TN 512×784×32: 557 vs
     * 792, TN 512×512×32: 954 vs 1,069, NN 32×512×512: 1,009 vs 1,248; and {@code ModelBench.learnBatch}
     * 784-512-512-10: native-only 4,098 events/s against 2,893 for the 8-lane rule (auto) and 3,045 vector-only.
     * So every gemm goes native from 2·10⁶ multiply-adds.
     */
    static final KernelThresholds NARROW_VECTORS = DEFAULTS.withGemmNoTransBNativeMinMnk(2_000_000L);

    /**
     * @param vectorLanes doubles per Vector API vector on this JVM (0 when the Vector API is absent)
     * @return the measured thresholds for such a JVM: {@link #DEFAULTS} with 8 lanes or more (AVX-512), else
     *         {@link #NARROW_VECTORS}
     */
    public static KernelThresholds forVectorLanes(int vectorLanes) {
        return vectorLanes >= 8 ? DEFAULTS : NARROW_VECTORS;
    }

    /** Never native (for tests and for comparing backends). */
    public static final KernelThresholds NEVER_NATIVE =
            new KernelThresholds(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

    public KernelThresholds {
        if (gemmNativeMinMnk < 0 || gemmNoTransBNativeMinMnk < 0 || gemvNativeMinMn < 0 || gerNativeMinMn < 0) {
            throw new IllegalArgumentException("thresholds must be >= 0: " + gemmNativeMinMnk + ", "
                    + gemmNoTransBNativeMinMnk + ", " + gemvNativeMinMn + ", " + gerNativeMinMn);
        }
    }

    /** @return a copy with another gemm threshold (transposed B) */
    public KernelThresholds withGemmNativeMinMnk(long value) {
        return new KernelThresholds(value, gemmNoTransBNativeMinMnk, gemvNativeMinMn, gerNativeMinMn);
    }

    /** @return a copy with another gemm threshold (B not transposed) */
    public KernelThresholds withGemmNoTransBNativeMinMnk(long value) {
        return new KernelThresholds(gemmNativeMinMnk, value, gemvNativeMinMn, gerNativeMinMn);
    }
}
