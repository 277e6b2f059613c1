package dev.streamgrad.model.activation;

/** S(z) = |z|, S'(z) = sign(z) (0 at z = 0). */
public final class Abs implements Activation {
    static final Abs INSTANCE = new Abs();

    private Abs() {
    }

    @Override
    public String name() {
        return "abs";
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
            a[i] = Math.abs(z[i]);
        }
    }

    @Override
    public void multiplyDerivative(double[] z, double[] a, double[] delta, int off, int count) {
        for (int i = off; i < off + count; i++) {
            delta[i] *= Math.signum(z[i]);
        }
    }
}
