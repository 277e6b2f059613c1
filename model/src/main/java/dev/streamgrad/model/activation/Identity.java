package dev.streamgrad.model.activation;

/** S(z) = z, S'(z) = 1. */
public final class Identity implements Activation {
    static final Identity INSTANCE = new Identity();

    private Identity() {
    }

    @Override
    public String name() {
        return "identity";
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
        System.arraycopy(z, 0, a, 0, rows * cols);
    }

    @Override
    public void multiplyDerivative(double[] z, double[] a, double[] delta, int off, int count) {
        // S' = 1: nothing to do.
    }
}
