package dev.streamgrad.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.optim.OptimizerType;

/**
 * Per-event {@code learn} of two or more builds of the model module in one JVM, in interleaved rounds: each build
 * is loaded by its own class loader (its classes directory or jar first, then this benchmark jar for the rest), so
 * the builds share the JVM, the heap, the host's speed of the moment and the JIT's queue, and the ratio of their
 * rates is taken round by round. Between separate JVMs the same build's rate moves by ±30 % on the shared hosts
 * (bench/notes.md), more than most changes to the model; within one JVM the ratio is steady to a few percent.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.streamgrad.bench.BuildAb \
 *     OLD/model/target/classes,model/target/classes 8-16-1 tanh sgd [scaling=false] [rounds=9] [batch=1]</pre>
 *
 * The network is {@code d,h:ACT,...,k:identity} (one hidden layer per middle number of the shape), squared
 * error, SGD 0.01 (or Adam, momentum; {@code -Dbuildab.lr} sets the rate), seed 7, on 1,024 Gaussian events in
 * turn: one {@code learn} per event, or {@code learnBatch} of {@code batch} events when it is above 1. Prints per
 * build the median events per CPU second over rounds of 300 ms (after 8 unmeasured rounds each) and the median of
 * its per-round ratio to the first build ({@link RoundRates}). JavaCPP and OpenBLAS are loaded once, by a loader the
 * builds share (a native library loads in one class loader only).
 */
public final class BuildAb {

    private BuildAb() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: BuildAb DIR1,DIR2[,...] SHAPE ACTIVATION OPTIMIZER [scaling] [rounds]");
            System.exit(2);
        }
        String[] builds = args[0].split(",");
        boolean scaling = args.length > 4 && Boolean.parseBoolean(args[4]);
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 9;
        int batch = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        URL self = BuildAb.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader shared = new URLClassLoader("native", new URL[] {self}, ClassLoader.getPlatformClassLoader());
        Object[] loops = new Object[builds.length];
        Method[] round = new Method[builds.length];
        for (int i = 0; i < builds.length; i++) {
            ClassLoader loader = new BuildLoader("build" + i, new URL[] {Path.of(builds[i]).toUri().toURL(), self},
                    shared);
            Class<?> c = loader.loadClass(Loop.class.getName());
            loops[i] = c.getConstructor(String.class, String.class, String.class, boolean.class, int.class)
                    .newInstance(args[1], args[2], args[3], scaling, batch);
            round[i] = c.getMethod("round", long.class);
        }
        long nanos = 300_000_000L;
        for (int w = 0; w < 8; w++) {
            for (int i = 0; i < builds.length; i++) {
                round[i].invoke(loops[i], nanos);
            }
        }
        double[][] rates = new double[builds.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < builds.length; i++) {
                rates[i][r] = (double) round[i].invoke(loops[i], nanos);
            }
        }
        for (int i = 0; i < builds.length; i++) {
            double[] ratio = RoundRates.ratioToFirst(rates, i);
            double[] sorted = rates[i].clone();
            Arrays.sort(sorted);
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "%s %s %s/%s scaling=%b: %,.0f events per CPU s (min-max %,.0f-%,.0f),"
                    + " %.2f x the first build (median of %d rounds; min-max %.2f-%.2f)%n", builds[i], args[1],
                    args[2], args[3], scaling, RoundRates.median(rates[i]), sorted[0], sorted[rounds - 1],
                    RoundRates.median(ratio), rounds, ratio[0], ratio[rounds - 1]);
        }
    }

    /** A build's classes from its own URLs, except JavaCPP's and OpenBLAS's, which come from the shared loader. */
    private static final class BuildLoader extends URLClassLoader {
        private final ClassLoader shared;

        BuildLoader(String name, URL[] urls, ClassLoader shared) {
            super(name, urls, ClassLoader.getPlatformClassLoader());
            this.shared = shared;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            return name.startsWith("org.bytedeco.") ? shared.loadClass(name) : super.loadClass(name, resolve);
        }
    }

    /** One build's model and events; loaded once per build, so its references are to that build's classes. */
    public static final class Loop {
        private static final int EVENTS = 1024;
        private final Model model;
        private final double[][] x;
        private final double[][] y;
        private final double[] out;
        private final int batch;
        /** The events in batches of {@code batch} rows, row-major (when batch > 1). */
        private final double[][] xs;
        private final double[][] ys;
        private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        private int next;

        public Loop(String shape, String activation, String optimizer, boolean scaling, int batch) {
            String[] s = shape.split("-");
            int d = Integer.parseInt(s[0]);
            int k = Integer.parseInt(s[s.length - 1]);
            StringBuilder layers = new StringBuilder().append(d);
            for (int l = 1; l < s.length - 1; l++) {
                layers.append(',').append(s[l]).append(':').append(activation);
            }
            double lr = Double.parseDouble(System.getProperty("buildab.lr", "0.01"));
            OptimizerSpec opt = switch (optimizer) {
                case "adam" -> OptimizerSpec.adam(lr, 0.9, 0.999, 1e-8);
                case "momentum" -> OptimizerSpec.of(OptimizerType.MOMENTUM, lr);
                default -> OptimizerSpec.of(OptimizerType.SGD, lr);
            };
            model = Model.create(NetworkSpec.builder().layers(layers + "," + k + ":identity")
                    .loss("squared_error").optimizer(opt).seed(7).scaling(scaling).build());
            Random r = new Random(3);
            x = new double[EVENTS][d];
            y = new double[EVENTS][k];
            out = new double[k];
            for (int e = 0; e < EVENTS; e++) {
                for (int j = 0; j < d; j++) {
                    x[e][j] = r.nextGaussian();
                }
                for (int j = 0; j < k; j++) {
                    y[e][j] = r.nextGaussian();
                }
            }
            if (batch < 1 || EVENTS % batch != 0) {
                throw new IllegalArgumentException("batch must divide " + EVENTS + ": " + batch);
            }
            this.batch = batch;
            xs = new double[EVENTS / batch][batch * d];
            ys = new double[EVENTS / batch][batch * k];
            for (int e = 0; e < EVENTS; e++) {
                System.arraycopy(x[e], 0, xs[e / batch], (e % batch) * d, d);
                System.arraycopy(y[e], 0, ys[e / batch], (e % batch) * k, k);
            }
        }

        /** @return events learned per CPU second of this thread over about {@code nanos} of wall time */
        public double round(long nanos) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long n = 0;
            while (System.nanoTime() - t0 < nanos) {
                if (batch > 1) {
                    for (int i = 0; i < xs.length; i++) {
                        model.learnBatch(batch, xs[next], ys[next], null, null);
                        next = (next + 1) % xs.length;
                        n += batch;
                    }
                    continue;
                }
                for (int i = 0; i < EVENTS; i++) {
                    model.learn(x[next], y[next], out);
                    next = (next + 1) & (EVENTS - 1);
                    n++;
                }
            }
            return n / ((cpu.getCurrentThreadCpuTime() - c0) / 1e9);
        }
    }
}
