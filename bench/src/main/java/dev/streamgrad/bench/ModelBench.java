package dev.streamgrad.bench;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Events per second of {@code Model.predict}, per-event {@code learn} and {@code learnBatch} (m = 32, reported
 * per event), double, one thread, no input scaling. The optimiser is plain SGD unless {@code optimizer} names another
 * (η = 1e-3 for SGD, momentum and nesterov, μ = 0.9; 1e-4 for adagrad, rmsprop and adam with their default ρ, β
 * and ε = 1e-8: small enough that the weights stay finite for the whole run). 8-16-1: tanh hidden, identity output, squared error; the others: relu hidden, softmax
 * output, cross-entropy. Inputs and one-hot targets cycle through 256 seeded random events.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ModelBench {

    static final int BATCH = 32;
    static final int EVENTS = 256;

    @Param({"java", "vector", "native", "auto"})
    public String backend;

    @Param({"8-16-1", "64-128-10", "784-256-10", "784-512-512-10"})
    public String shape;

    /** sgd, momentum, nesterov, adagrad, rmsprop or adam. */
    @Param({"sgd"})
    public String optimizer;

    private Model model;
    private int d;
    private int k;
    private double[] xs;
    private double[] ys;
    private double[][] x;
    private double[][] y;
    private double[][] xBatches;
    private double[][] yBatches;
    private double[] out;
    private int next;

    static OptimizerSpec optimizer(String name) {
        switch (name) {
            case "sgd": return OptimizerSpec.sgd(1e-3);
            case "momentum": return OptimizerSpec.momentum(1e-3, 0.9, false);
            case "nesterov": return OptimizerSpec.momentum(1e-3, 0.9, true);
            case "adagrad": return OptimizerSpec.adagrad(1e-4, 1e-8);
            case "rmsprop": return OptimizerSpec.rmsprop(1e-4, OptimizerSpec.DEFAULT_RHO, 1e-8);
            case "adam": return OptimizerSpec.adam(1e-4, OptimizerSpec.DEFAULT_BETA1, OptimizerSpec.DEFAULT_BETA2, 1e-8);
            default: throw new IllegalArgumentException("unknown optimizer " + name);
        }
    }

    static NetworkSpec spec(String shape) {
        return spec(shape, "sgd");
    }

    static NetworkSpec spec(String shape, String optimizer) {
        String[] s = shape.split("-");
        boolean regression = shape.equals("8-16-1");
        StringBuilder layers = new StringBuilder(s[0]);
        for (int i = 1; i < s.length; i++) {
            boolean last = i == s.length - 1;
            layers.append(',').append(s[i]).append(':')
                    .append(last ? (regression ? "identity" : "softmax") : (regression ? "tanh" : "relu"));
        }
        return NetworkSpec.builder().layers(layers.toString())
                .loss(regression ? "squared_error" : "cross_entropy")
                .optimizer(optimizer(optimizer)).seed(7).scaling(false).build();
    }

    @Setup(Level.Trial)
    public void setUp() {
        model = Model.create(spec(shape, optimizer), Backends.get(backend));
        d = model.inputSize();
        k = model.outputSize();
        Random r = new Random(5);
        xs = Backends.random(r, EVENTS * d, 1);
        ys = new double[EVENTS * k];
        x = new double[EVENTS][];
        y = new double[EVENTS][];
        for (int e = 0; e < EVENTS; e++) {
            if (k == 1) {
                ys[e] = r.nextGaussian();
            } else {
                ys[e * k + r.nextInt(k)] = 1.0;
            }
            x[e] = java.util.Arrays.copyOfRange(xs, e * d, (e + 1) * d);
            y[e] = java.util.Arrays.copyOfRange(ys, e * k, (e + 1) * k);
        }
        out = new double[BATCH * k];
        xBatches = new double[EVENTS / BATCH][];
        yBatches = new double[EVENTS / BATCH][];
        for (int b = 0; b < EVENTS / BATCH; b++) {
            xBatches[b] = java.util.Arrays.copyOfRange(xs, b * BATCH * d, (b + 1) * BATCH * d);
            yBatches[b] = java.util.Arrays.copyOfRange(ys, b * BATCH * k, (b + 1) * BATCH * k);
        }
    }

    @Benchmark
    public double predict() {
        int e = next++ & (EVENTS - 1);
        model.predict(x[e], out);
        return out[0];
    }

    @Benchmark
    public double learn() {
        int e = next++ & (EVENTS - 1);
        return model.learn(x[e], y[e], null);
    }

    /** Reported per event: one call learns 32 (batches precomputed, nothing copied per call). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double learnBatch() {
        int b = next++ & (EVENTS / BATCH - 1);
        return model.learnBatch(BATCH, xBatches[b], yBatches[b], null);
    }
}
