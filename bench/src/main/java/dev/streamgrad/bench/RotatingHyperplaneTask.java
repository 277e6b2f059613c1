package dev.streamgrad.bench;

import dev.streamgrad.deploy.data.ExampleSource;
import dev.streamgrad.deploy.data.LabeledExample;
import java.util.SplittableRandom;

/**
 * Rotating hyperplane (after Hulten, Spencer and Domingos 2001, as in MOA's HyperplaneGenerator), with an abrupt
 * rotation so that a detection delay is defined: x uniform in [0, 1]^d, label 1 iff w·(x − ½) ≥ 0, with a fraction
 * {@code noise} of labels flipped. At event {@code rotateAt} the unit normal w turns by {@code degrees} towards a
 * random unit vector orthogonal to it. Deterministic for a seed.
 */
final class RotatingHyperplaneTask implements ExampleSource {
    private final int d;
    private final double noise;
    private final long rotateAt;
    private final double[] w;
    private final double[] rotated;
    private final SplittableRandom random;
    private long index;

    /**
     * @param rotateAt the event at which the hyperplane turns; {@code Long.MAX_VALUE} for a stationary stream
     */
    RotatingHyperplaneTask(int d, double noise, long rotateAt, double degrees, long seed) {
        this.d = d;
        this.noise = noise;
        this.rotateAt = rotateAt;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom geometry = root.split();
        this.random = root.split();
        this.w = unit(gaussianVector(geometry, d));
        double[] u = gaussianVector(geometry, d);
        double dot = 0;
        for (int i = 0; i < d; i++) {
            dot += u[i] * w[i];
        }
        for (int i = 0; i < d; i++) {
            u[i] -= dot * w[i];   // Gram-Schmidt: u ⟂ w
        }
        u = unit(u);
        double a = Math.toRadians(degrees);
        this.rotated = new double[d];
        for (int i = 0; i < d; i++) {
            rotated[i] = Math.cos(a) * w[i] + Math.sin(a) * u[i];
        }
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public LabeledExample next() {
        double[] normal = index++ < rotateAt ? w : rotated;
        double[] x = new double[d];
        double s = 0;
        for (int i = 0; i < d; i++) {
            x[i] = random.nextDouble();
            s += normal[i] * (x[i] - 0.5);
        }
        boolean label = s >= 0;
        if (random.nextDouble() < noise) {
            label = !label;
        }
        return new LabeledExample(x, label ? 1 : 0);
    }

    private static double[] gaussianVector(SplittableRandom r, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            double u1 = 1.0 - r.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * r.nextDouble());
        }
        return v;
    }

    private static double[] unit(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
        return v;
    }
}
