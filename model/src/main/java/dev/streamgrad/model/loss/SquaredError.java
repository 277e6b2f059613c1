package dev.streamgrad.model.loss;

import dev.streamgrad.model.activation.Activation;

/** C = ½ Σ_k (ŷ_k − y_k)² (the ½ form), δ_L = S'_L(z_L) ⊙ (ŷ − y). */
public final class SquaredError implements Loss {
    static final SquaredError INSTANCE = new SquaredError();

    private SquaredError() {
    }

    @Override
    public String name() {
        return "squared_error";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public double lossAndDelta(Activation out, double[] z, double[] a, double[] y, double[] delta, int off, int k) {
        double c = 0;
        for (int j = off; j < off + k; j++) {
            double r = a[j] - y[j];
            delta[j] = r;
            c += r * r;
        }
        multiplyRow(out, z, a, delta, off, k);
        return 0.5 * c;
    }

    @Override
    public double loss(double[] z, double[] a, double[] y, int off, int k) {
        double c = 0;
        for (int j = off; j < off + k; j++) {
            double r = a[j] - y[j];
            c += r * r;
        }
        return 0.5 * c;
    }

    /** delta[off..off+k) ⊙= S'(z) for an element-wise S. */
    static void multiplyRow(Activation out, double[] z, double[] a, double[] delta, int off, int k) {
        out.multiplyDerivative(z, a, delta, off, k);
    }
}
