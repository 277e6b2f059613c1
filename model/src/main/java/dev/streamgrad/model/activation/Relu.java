package dev.streamgrad.model.activation;

import dev.streamgrad.model.kernel.Kernels;

/** S(z) = max(0, z), S'(z) = 1 if z &gt; 0 else 0 (0 at the kink z = 0). */
public final class Relu implements Activation {
    static final Relu INSTANCE = new Relu();

    private Relu() {
    }

    @Override
    public String name() {
        return "relu";
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
            a[i] = z[i] > 0 ? z[i] : 0.0;
        }
    }

    @Override
    public void multiplyDerivative(double[] z, double[] a, double[] delta, int off, int count) {
        for (int i = off; i < off + count; i++) {
            if (!(z[i] > 0)) {
                delta[i] = 0.0;
            }
        }
    }

    /** One pass: a = relu(z) and max|z| (an upper bound of max|a|, non-finite iff some z is). */
    @Override
    public double apply(Kernels k, double[] z, double[] a, int n) {
        return k.relu(n, z, a);
    }

    @Override
    public void multiplyDerivative(Kernels k, double[] z, double[] a, double[] delta, int n) {
        k.reluDerivative(n, z, delta);
    }
}
