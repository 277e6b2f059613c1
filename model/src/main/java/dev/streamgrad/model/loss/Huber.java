package dev.streamgrad.model.loss;

import dev.streamgrad.model.activation.Activation;

/**
 * Per output, with r = ŷ_k − y_k: ½r² if |r| ≤ δ, else δ(|r| − ½δ); δ_L = S'_L ⊙ clip(r, −δ, δ). Default δ = 1.
 *
 * @param delta the threshold δ (&gt; 0, checked by NetworkSpec)
 */
public record Huber(double delta) implements Loss {
    /** δ = 1, as in MATH.md and PyTorch's HuberLoss. */
    public static final double DEFAULT_DELTA = 1.0;

    @Override
    public String name() {
        return "huber";
    }

    @Override
    public String toString() {
        return "huber(" + delta + ")";
    }

    @Override
    public double lossAndDelta(Activation out, double[] z, double[] a, double[] y, double[] d, int off, int k) {
        double c = 0;
        for (int j = off; j < off + k; j++) {
            double r = a[j] - y[j];
            c += term(r);
            d[j] = Math.max(-delta, Math.min(delta, r));
        }
        SquaredError.multiplyRow(out, z, a, d, off, k);
        return c;
    }

    @Override
    public double loss(double[] z, double[] a, double[] y, int off, int k) {
        double c = 0;
        for (int j = off; j < off + k; j++) {
            c += term(a[j] - y[j]);
        }
        return c;
    }

    private double term(double r) {
        double ar = Math.abs(r);
        return ar <= delta ? 0.5 * r * r : delta * (ar - 0.5 * delta);
    }
}
