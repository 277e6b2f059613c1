package dev.streamgrad.model.activation;

/**
 * S(z) = 1/(1+e^{−z}), S'(z) = S(z)(1 − S(z)).
 *
 * <p>Stable form: for z ≥ 0, 1/(1+e^{−z}); for z &lt; 0, e^{z}/(1+e^{z}), so e^{x} is only taken of x ≤ 0 and never
 * overflows (the usual split, e.g. scipy's {@code expit}).
 */
public final class Sigmoid implements Activation {
    static final Sigmoid INSTANCE = new Sigmoid();

    private Sigmoid() {
    }

    /** @return the stable logistic function of z */
    public static double value(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public double maxDerivative() {
        return 0.25;
    }

    @Override
    public void apply(double[] z, double[] a, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            a[i] = value(z[i]);
        }
    }

    @Override
    public void multiplyDerivative(double[] z, double[] a, double[] delta, int off, int count) {
        for (int i = off; i < off + count; i++) {
            double s = a[i];
            delta[i] *= s * (1.0 - s);
        }
    }
}
