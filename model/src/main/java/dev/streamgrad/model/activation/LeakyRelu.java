package dev.streamgrad.model.activation;

/** S(z) = max(0,z) + α·min(0,z), S'(z) = 1 if z &gt; 0 else α (α at z = 0). Default α = 0.01. */
public record LeakyRelu(double alpha) implements Activation {
    /** The default negative slope, as in MATH.md and PyTorch. */
    public static final double DEFAULT_ALPHA = 0.01;

    @Override
    public String name() {
        return "leaky_relu";
    }

    @Override
    public String toString() {
        return "leaky_relu(" + alpha + ")";
    }

    @Override
    public double maxDerivative() {
        return Math.max(1.0, Math.abs(alpha));
    }

    @Override
    public void apply(double[] z, double[] a, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            a[i] = z[i] > 0 ? z[i] : alpha * z[i];
        }
    }

    @Override
    public void multiplyDerivative(double[] z, double[] a, double[] delta, int off, int count) {
        for (int i = off; i < off + count; i++) {
            if (!(z[i] > 0)) {
                delta[i] *= alpha;
            }
        }
    }
}
