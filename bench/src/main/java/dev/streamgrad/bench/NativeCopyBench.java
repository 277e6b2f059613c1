package dev.streamgrad.bench;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;

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
    private boolean ta;
    private boolean tb;
    private int m;
    private int n;
    private int kk;
    private double[] a;
    private double[] b;
    private double[] c;

    @Setup(Level.Trial)
    public void setUp() {
        k = Backends.get("native");
        ta = shape.charAt(0) == 'T';
        tb = shape.charAt(1) == 'T';
        String[] p = shape.substring(3).split("x");
        m = Integer.parseInt(p[0]);
        n = Integer.parseInt(p[1]);
        kk = Integer.parseInt(p[2]);
        Random r = new Random(4);
        a = Backends.random(r, m * kk, 1);
        b = Backends.random(r, kk * n, 1);
        c = new double[m * n];
    }

    @Benchmark
    public double scratchPointers() {
        k.gemm(ta, tb, m, n, kk, 1.0, a, b, 0.0, c);
        return c[0];
    }

    @Benchmark
    public double javaArrays() {
        cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, kk,
                1.0, a, ta ? m : kk, b, tb ? kk : n, 0.0, c, n);
        return c[0];
    }
}
