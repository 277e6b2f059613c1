package dev.streamgrad.bench;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;

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
 * How Java arrays reach OpenBLAS: the native backend (inputs copied into reused native scratch, only C copied
 * back) against JavaCPP's {@code double[]} overloads (JNI pins or copies every array, and copies all of them back).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NativeCopyBench {

    @Param({"NN:512x512x512", "NT:32x256x784"})
    public String shape;

    private Kernels k;
    private GemmOperands g;

    @Setup(Level.Trial)
    public void setUp() {
        k = Backends.get("native");
        g = GemmOperands.parse(shape, 4);
    }

    @Benchmark
    public double scratchPointers() {
        k.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), 1.0, g.a(), g.b(), 0.0, g.c());
        return g.c()[0];
    }

    @Benchmark
    public double javaArrays() {
        cblas_dgemm(CblasRowMajor, g.transA() ? CblasTrans : CblasNoTrans, g.transB() ? CblasTrans : CblasNoTrans,
                g.m(), g.n(), g.k(), 1.0, g.a(), g.transA() ? g.m() : g.k(), g.b(), g.transB() ? g.k() : g.n(),
                0.0, g.c(), g.n());
        return g.c()[0];
    }
}
