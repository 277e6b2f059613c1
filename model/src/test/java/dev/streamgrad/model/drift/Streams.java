package dev.streamgrad.model.drift;

import java.util.SplittableRandom;

/** Seeded test streams for the drift detectors (each value a pure function of the seed and the index). */
final class Streams {
    private Streams() {
    }

    /** Gaussian noise (σ) around a mean that jumps from m0 to m1 at index {@code at}. */
    static double[] abrupt(int n, int at, double m0, double m1, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i < at ? m0 : m1) + sigma * gaussian(r);
        }
        return x;
    }

    /** Gaussian noise around a mean that moves linearly from m0 to m1 between indexes from and to. */
    static double[] gradual(int n, int from, int to, double m0, double m1, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double f = i < from ? 0 : i >= to ? 1 : (i - from) / (double) (to - from);
            x[i] = m0 + f * (m1 - m0) + sigma * gaussian(r);
        }
        return x;
    }

    /** 0/1 errors with rate p0 before index {@code at} and p1 from it on. */
    static double[] bernoulli(int n, int at, double p0, double p1, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble() < (i < at ? p0 : p1) ? 1.0 : 0.0;
        }
        return x;
    }

    static double[] constant(int n, double v) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, v);
        return x;
    }

    /** Standard normal by Box-Muller from the stream's own doubles (the JDK's nextGaussian is not in SplittableRandom 17). */
    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
