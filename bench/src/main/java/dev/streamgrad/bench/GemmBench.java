package dev.streamgrad.bench;

import dev.streamgrad.model.kernel.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * GEMM through the {@code Kernels} interface (so native includes copying into and out of native memory), at the
 * shapes a micro-batch of 32 produces and at squares, to find where native overtakes the Vector API
 * ({@code KernelThresholds.gemmNativeMinMnk}). Shape {@code "NT:32x256x784"}: transA N, transB T, m×n×k.
 * The JSON renderer turns calls/s into GFLOP/s (2·m·n·k per call).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GemmBench {

    @Param({"java", "vector", "native"})
    public String backend;

    @Param({
        // 8-16-1 and 64-128-10 batch of 32: forward (X·Wᵀ), weight gradient (δᵀ·X), input gradient (δ·W)
        "NT:32x16x8", "NT:32x128x64", "TN:128x64x32", "NN:32x64x128",
        // 784-256-10
        "NT:32x256x784", "TN:256x784x32", "NN:32x784x256",
        // 784-512-512-10
        "NT:32x512x784", "TN:512x784x32", "NT:32x512x512", "TN:512x512x32", "NN:32x512x512",
        // squares
        "NN:64x64x64", "NN:128x128x128", "NN:256x256x256", "NN:512x512x512"})
    public String shape;

    private Kernels k;
    private GemmOperands g;

    @Setup(Level.Trial)
    public void setUp() {
        k = Backends.get(backend);
        g = GemmOperands.parse(shape, 2);
    }

    @Benchmark
    public double gemm() {
        k.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), 1.0, g.a(), g.b(), 0.0, g.c());
        return g.c()[0];
    }
}
