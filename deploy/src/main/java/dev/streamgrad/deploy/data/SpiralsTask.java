package dev.streamgrad.deploy.data;

import java.util.SplittableRandom;

/**
 * Two interleaved spirals: a binary classification task that no linear model solves. Each example is a
 * point on one of two spiral arms (label 0 or 1) with Gaussian noise; features beyond the first two are
 * pure noise (distractors), so {@code dimension} can be 2 to 8.
 *
 * <p>Concept drift: at each point of the {@link DriftSchedule} the whole picture rotates by 90 degrees,
 * so the decision boundary moves and a model must re-learn. Deterministic for a given seed.
 */
public final class SpiralsTask implements ExampleSource {

    /** Smallest and largest number of features. */
    public static final int MIN_DIMENSION = 2;
    public static final int MAX_DIMENSION = 8;

    private static final double TURNS = 1.75;

    private final int dimension;
    private final double noise;
    private final DriftSchedule drift;
    private final SplittableRandom random;
    private long index;

    /**
     * @param dimension number of features, 2 to 8
     * @param noise standard deviation of the Gaussian noise added to each coordinate, at least 0
     * @param drift where the concept changes
     * @param seed random seed: the same seed gives the same stream
     * @throws IllegalArgumentException if {@code dimension} or {@code noise} is out of range
     */
    public SpiralsTask(int dimension, double noise, DriftSchedule drift, long seed) {
        if (dimension < MIN_DIMENSION || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be 2 to 8, got " + dimension);
        }
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("noise must be at least 0, got " + noise);
        }
        this.dimension = dimension;
        this.noise = noise;
        this.drift = drift;
        this.random = new SplittableRandom(seed);
    }

    /** @return always {@code true}: the stream is endless */
    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public LabeledExample next() {
        int label = random.nextInt(2);
        double t = random.nextDouble();                       // position along the arm, 0 (centre) to 1
        double angle = t * TURNS * 2 * Math.PI + label * Math.PI;
        double x = t * Math.cos(angle);
        double y = t * Math.sin(angle);
        double rotation = drift.conceptAt(index++) * Math.PI / 2;
        double[] features = new double[dimension];
        features[0] = x * Math.cos(rotation) - y * Math.sin(rotation) + noise * gaussian();
        features[1] = x * Math.sin(rotation) + y * Math.cos(rotation) + noise * gaussian();
        for (int i = 2; i < dimension; i++) {
            features[i] = random.nextDouble(-1, 1);
        }
        return new LabeledExample(features, label);
    }

    private double gaussian() {
        // Box-Muller on SplittableRandom (java.util.Random#nextGaussian would need a second generator)
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
