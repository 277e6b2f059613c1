package dev.streamgrad.bench;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;

import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.kernel.Kernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The reference peak: OpenBLAS dgemm on 1024×1024 with the operands already in native memory (no copies),
 * single-threaded and with all cores ({@code threads = 0}). Every other figure is reported as a fraction of the
 * single-threaded number measured in the same run. Also measures the two ways of handing Java arrays to OpenBLAS
 * (the backend's reused native scratch vs JavaCPP's {@code double[]} overloads) on 512×512 and on a batch GEMM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PeakBench {

    /** OpenBLAS threads; 0 = all available processors. */
    @Param({"1", "0"})
    public int threads;

    private static final int N = 1024;
    private DoublePointer pa;
    private DoublePointer pb;
    private DoublePointer pc;

    @Setup(Level.Trial)
    public void setUp() {
        Loader.load(openblas.class);
        Kernels nat = KernelFactory.forMode(KernelMode.NATIVE); // loads with 1 thread; we override below
        if (!nat.name().equals("native")) {
            throw new IllegalStateException("native backend did not load: " + KernelFactory.describe());
        }
        openblas.blas_set_num_threads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
        Random r = new Random(3);
        pa = new DoublePointer(Backends.random(r, N * N, 1));
        pb = new DoublePointer(Backends.random(r, N * N, 1));
        pc = new DoublePointer((long) N * N);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pa.close();
        pb.close();
        pc.close();
    }

    /** 2·1024³ FLOP per call. */
    @Benchmark
    public void dgemm1024() {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1.0, pa, N, pb, N, 0.0, pc, N);
    }
}
