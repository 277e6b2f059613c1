package dev.streamgrad.model.activation;

import dev.streamgrad.model.kernel.HyperbolicTangent;
import dev.streamgrad.model.kernel.Kernels;

/**
 * S(z) = tanh z, S'(z) = 1 − tanh² z (from a, already computed). tanh is {@link HyperbolicTangent#tanh}: the same
 * bits on every JDK and backend, saturating to ±1 without overflow.
 */
public final class Tanh implements Activation {
    static final Tanh INSTANCE = new Tanh();

    private Tanh() {
    }

    @Override
    public String name() {
        return "tanh";
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
            a[i] = HyperbolicTangent.tanh(z[i]);
        }
    }

    @Override
    public void multiplyDerivative(double[] z, double[] a, double[] delta, int off, int count) {
        for (int i = off; i < off + count; i++) {
            double t = a[i];
            delta[i] *= 1.0 - t * t;
        }
    }

    /** One pass for tanh and max|z| (the kernels' lanes); max|a| only when every z is finite. */
    @Override
    public double apply(Kernels k, double[] z, double[] a, int n) {
        double zMax = k.tanh(n, z, a);
        return Double.isFinite(zMax) ? k.maxAbs(n, a) : zMax;
    }
}
