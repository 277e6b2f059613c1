package dev.streamgrad.bench;

import dev.streamgrad.model.kernel.Kernels;
import java.util.Random;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-event kernels at the layer sizes of the benchmark networks (rows×cols of W: 16×8 and 1×16 for 8-16-1,
 * 128×64 for 64-128-10, 256×784 for 784-256-10, 512×784 and 512×512 for 784-512-512-10), per backend.
 * Throughput in calls per second; the JSON renderer turns it into GB/s of weights touched.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KernelBench {

    @Param({"java", "vector", "native", "auto"})
    public String backend;

    @Param({"16x8", "128x64", "256x784", "512x784", "512x512"})
    public String layer;

    private Kernels k;
    private LayerOperands op;
    private double[] y;

    @Setup(Level.Trial)
    public void setUp() {
        k = Backends.get(backend);
        op = LayerOperands.parse(layer, new Random(1));
        y = new double[op.m()];
    }

    /** Forward: z = W·x. */
    @Benchmark
    public double gemv() {
        k.gemv(op.m(), op.n(), 1.0, op.w(), op.x(), 0.0, y);
        return y[0];
    }

    /** Backward (fused): prev = Wᵀ·δ and W ← W − η·δ·xᵀ in one pass. */
    @Benchmark
    public void backpropUpdate(Blackhole bh) {
        op.backpropUpdate(k);
        bh.consume(op.prev());
    }

    /** The same two steps unfused: gemvT then ger (two passes over W). */
    @Benchmark
    public void gemvTThenGer(Blackhole bh) {
        k.gemvT(op.m(), op.n(), 1.0, op.w(), op.delta(), 0.0, op.prev());
        k.ger(op.m(), op.n(), -1e-9, op.delta(), op.x(), op.w());
        bh.consume(op.prev());
    }
}
