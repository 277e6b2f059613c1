package dev.streamgrad.deploy.data;

import java.util.SplittableRandom;

/**
 * A non-linear regression task: features uniform in [-1, 1], target
 * {@code y = sum_i a_i sin(pi x_i) + b x_0 x_1 + noise}, with coefficients {@code a_i} in [-1, 1] and
 * {@code b} in [-2, 2]. At each point of the {@link DriftSchedule} the coefficients are drawn afresh
 * (concept drift). Deterministic for a given seed.
 */
public final class DriftingRegressionTask implements ExampleSource {

    /** Smallest and largest number of features. */
    public static final int MIN_DIMENSION = 2;
    public static final int MAX_DIMENSION = 8;

    private final int dimension;
    private final double noise;
    private final DriftSchedule drift;
    private final SplittableRandom random;
    private final SplittableRandom coefficientRandom;
    private final double[] a;
    private double b;
    private int concept = -1;
    private long index;

    /**
     * @param dimension number of features, 2 to 8
     * @param noise standard deviation of the Gaussian noise on the target, at least 0
     * @param drift where the coefficients change
     * @param seed random seed: the same seed gives the same stream
     * @throws IllegalArgumentException if {@code dimension} or {@code noise} is out of range
     */
    public DriftingRegressionTask(int dimension, double noise, DriftSchedule drift, long seed) {
        if (dimension < MIN_DIMENSION || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be 2 to 8, got " + dimension);
        }
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("noise must be at least 0, got " + noise);
        }
        this.dimension = dimension;
        this.noise = noise;
        this.drift = drift;
        SplittableRandom root = new SplittableRandom(seed);
        this.random = root.split();
        this.coefficientRandom = root.split();
        this.a = new double[dimension];
    }

    /** @return always {@code true}: the stream is endless */
    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public LabeledExample next() {
        int c = drift.conceptAt(index++);
        while (concept < c) {            // draw one coefficient set per concept, in order: seed-stable
            for (int i = 0; i < dimension; i++) {
                a[i] = coefficientRandom.nextDouble(-1, 1);
            }
            b = coefficientRandom.nextDouble(-2, 2);
            concept++;
        }
        double[] x = new double[dimension];
        double y = 0;
        for (int i = 0; i < dimension; i++) {
            x[i] = random.nextDouble(-1, 1);
            y += a[i] * Math.sin(Math.PI * x[i]);
        }
        y += b * x[0] * x[1];
        if (noise > 0) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            y += noise * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return new LabeledExample(x, y);
    }
}
