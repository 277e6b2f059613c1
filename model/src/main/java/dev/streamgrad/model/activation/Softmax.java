package dev.streamgrad.model.activation;

/**
 * S(z)_k = e^{z_k} / Σ_j e^{z_j}, per row, computed with max(z) subtracted first so no exponent is positive.
 * Output layer only, and only with cross-entropy: its Jacobian is never formed, the loss gives δ_L = ŷ·Σy − y.
 */
public final class Softmax implements Activation {
    static final Softmax INSTANCE = new Softmax();

    private Softmax() {
    }

    /** @return ln Σ_j e^{z_j} over z[off..off+n), computed as max + ln Σ e^{z_j − max} */
    public static double logSumExp(double[] z, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[off + j]);
        }
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += Math.exp(z[off + j] - max);
        }
        return max + Math.log(s);
    }

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean elementwise() {
        return false;
    }

    @Override
    public double maxDerivative() {
        return 1;
    }

    @Override
    public void apply(double[] z, double[] a, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[off + j]);
            }
            double s = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(z[off + j] - max);
                a[off + j] = e;
                s += e;
            }
            double inv = 1.0 / s;
            for (int j = 0; j < cols; j++) {
                a[off + j] *= inv;
            }
        }
    }

    @Override
    public void multiplyDerivative(double[] z, double[] a, double[] delta, int off, int count) {
        throw new UnsupportedOperationException("softmax is output-only and fused with cross_entropy");
    }
}
