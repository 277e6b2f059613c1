package dev.streamgrad.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.streamgrad.model.Model;

/**
 * Per-event {@code learn} of one network with several optimisers, timed in CPU time of the benchmarking thread
 * rather than wall time, in interleaved rounds (each optimiser in turn, round after round). On a machine shared
 * with other work (where JMH's wall-clock scores move by ±100 %) a thread's CPU time hardly depends on how often it
 * is descheduled, and interleaving puts every optimiser under the same conditions, so the ratios to the first
 * optimiser are what this is for. What it cannot remove: caches and memory bandwidth shared with the other
 * processes. The networks, data and learning rates are {@link ModelBench}'s (auto kernels).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.streamgrad.bench.OptimizerCpuBench \
 *     784-256-10 sgd,adam [rounds=7] [ms per round per optimiser=400] [warm-up ms per optimiser=3000]</pre>
 *
 * Prints one line per optimiser: events per CPU second (median over rounds, min-max) and the median over rounds
 * of its ratio to the first optimiser of the same round. Then one line for a "canary" timed after every round: a
 * fixed read-modify-write pass over two 64 KB arrays (as much data as the first layer of 64-128-10, twice the 32 KB
 * L1), in millions of doubles per CPU second. It is the control for a slow round: a low canary says the core itself
 * was slow then (other work taking its caches or bandwidth); a normal canary beside a slow model says the slowness is
 * the model's own (bench/notes.md, "Per-event 64-128-10: the two speeds are not C2's"). {@code -Dbench.rounds=true}
 * prints every round's pair.
 */
public final class OptimizerCpuBench {
    private static final int EVENTS = 1024;

    private OptimizerCpuBench() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: OptimizerCpuBench SHAPE OPT1,OPT2,... [rounds] [ms per round] [warm-up ms]"
                    + " (shapes and optimisers as ModelBench's, e.g. 784-256-10 sgd,adam)");
            System.exit(2);
        }
        String shape = args[0];
        String[] optimizers = args[1].split(",");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        long roundNanos = (args.length > 3 ? Long.parseLong(args[3]) : 400) * 1_000_000L;
        long warmNanos = (args.length > 4 ? Long.parseLong(args[4]) : 3000) * 1_000_000L;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Model> models = new ArrayList<>();
        for (String o : optimizers) {
            models.add(Model.create(ModelBench.spec(shape, o), Backends.get("auto")));
        }
        int d = models.get(0).inputSize();
        int k = models.get(0).outputSize();
        Random r = new Random(5);
        double[][] x = new double[EVENTS][];
        double[][] y = new double[EVENTS][];
        for (int e = 0; e < EVENTS; e++) {
            x[e] = Backends.random(r, d, 1);
            y[e] = new double[k];
            if (k == 1) {
                y[e][0] = r.nextGaussian();
            } else {
                y[e][r.nextInt(k)] = 1.0;
            }
        }
        for (Model m : models) {
            run(m, x, y, warmNanos, cpu);
        }
        double[][] rates = new double[optimizers.length][rounds];
        double[] canary = new double[rounds];
        Canary c = new Canary(r);
        for (int i = 0; i < 30; i++) {
            c.rate(cpu); // until C2 has compiled it
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < optimizers.length; i++) {
                rates[i][round] = run(models.get(i), x, y, roundNanos, cpu);
            }
            canary[round] = c.rate(cpu);
        }
        for (int i = 0; i < optimizers.length; i++) {
            double[] ratio = RoundRates.ratioToFirst(rates, i);
            double[] sorted = rates[i].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%s %s: %,.0f events per CPU s (min-max %,.0f-%,.0f), %.1f %% of %s"
                            + " (median of %d rounds), t at the end %,d%n", shape, optimizers[i],
                    RoundRates.median(rates[i]), sorted[0], sorted[rounds - 1], 100 * RoundRates.median(ratio),
                    optimizers[0], rounds, models.get(i).updates());
        }
        double[] sortedCanary = canary.clone();
        Arrays.sort(sortedCanary);
        System.out.printf(Locale.ROOT, "canary (64 KB read-modify-write): %,.0f M doubles per CPU s (min-max %,.0f-%,.0f)%n",
                RoundRates.median(canary), sortedCanary[0], sortedCanary[rounds - 1]);
        if (Boolean.getBoolean("bench.rounds")) {
            for (int round = 0; round < rounds; round++) {
                System.out.printf(Locale.ROOT, "round %d: %s %,.0f events per CPU s, canary %,.0f%n", round + 1,
                        optimizers[0], rates[0][round], canary[round]);
            }
        }
    }

    /**
     * A fixed amount of work that streams 128 KB through L1, as the per-event pass over W_1 does: b ← 0.5·b + a over
     * 8192 doubles, 200 times (C2 vectorises it). Its rate is the core's speed at that moment, independent of how the
     * model was compiled or where its arrays lie.
     */
    private static final class Canary {
        private static final int PASSES = 200;
        private final double[] a;
        private final double[] b;

        Canary(Random r) {
            a = Backends.random(r, 8192, 1);
            b = Backends.random(r, 8192, 1);
        }

        /** @return millions of doubles updated per CPU second of this thread */
        double rate(ThreadMXBean cpu) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int p = 0; p < PASSES; p++) {
                for (int i = 0; i < b.length; i++) {
                    b[i] = 0.5 * b[i] + a[i];
                }
            }
            return (double) PASSES * b.length * 1e3 / (cpu.getCurrentThreadCpuTime() - t0);
        }
    }

    /** @return events per CPU second of this thread while learning for about {@code nanos} of its CPU time */
    private static double run(Model m, double[][] x, double[][] y, long nanos, ThreadMXBean cpu) {
        long t0 = cpu.getCurrentThreadCpuTime();
        long events = 0;
        long used;
        double sink = 0;
        do {
            for (int i = 0; i < 16; i++) {
                int e = (int) (events++ & (EVENTS - 1));
                sink += m.learn(x[e], y[e], null);
            }
            used = cpu.getCurrentThreadCpuTime() - t0;
        } while (used < nanos);
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("the loss went NaN");
        }
        return events * 1e9 / used;
    }

}
