package dev.streamgrad.model.activation;

/**
 * S(z) = ln(1+e^z), S'(z) = sigmoid(z).
 *
 * <p>Stable form (MATH.md): max(z,0) + ln(1+e^{−|z|}), with {@link Math#log1p}; e^{x} is only taken of x ≤ 0.
 */
public final class Softplus implements Activation {
    static final Softplus INSTANCE = new Softplus();

    private Softplus() {
    }

    /** @return the stable ln(1+e^z) */
    public static double value(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public double maxDerivative() {
        return 1;
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
            delta[i] *= Sigmoid.value(z[i]);
        }
    }
}
