package dev.streamgrad.model.loss;

import dev.streamgrad.model.activation.Activation;

/** C = Σ_k |ŷ_k − y_k| (Laplace; learns the median), δ_L = S'_L(z_L) ⊙ sign(ŷ − y) (0 at ŷ = y). */
public final class AbsoluteError implements Loss {
    static final AbsoluteError INSTANCE = new AbsoluteError();

    private AbsoluteError() {
    }

    @Override
    public String name() {
        return "absolute_error";
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
            delta[j] = Math.signum(r);
            c += Math.abs(r);
        }
        SquaredError.multiplyRow(out, z, a, delta, off, k);
        return c;
    }

    @Override
    public double loss(double[] z, double[] a, double[] y, int off, int k) {
        double c = 0;
        for (int j = off; j < off + k; j++) {
            c += Math.abs(a[j] - y[j]);
        }
        return c;
    }
}
