package dev.streamgrad.model.optim;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1): m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²; m̂ = m/(1−β1^t);
 * v̂ = v/(1−β2^t); θ ← θ − η m̂/(√v̂ + ε). g includes λθ (L2 as in the cost, not decoupled AdamW).
 */
final class Adam implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;

    Adam(double beta1, double beta2, double eps) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public int slotCount() {
        return 2;
    }

    @Override
    public boolean step(double eta, double l2, long t, double[] theta, double[] g, int n, double[][] slots,
                        boolean commit) {
        double[] m = slots[0];
        double[] v = slots[1];
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < n; i++) {
            double gi = g[i] + l2 * theta[i];
            double mi = beta1 * m[i] + (1 - beta1) * gi;
            double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            double mHat = mi / c1;
            double vHat = vi / c2;
            double th = theta[i] - eta * mHat / (Math.sqrt(vHat) + eps);
            if (commit) {
                m[i] = mi;
                v[i] = vi;
                theta[i] = th;
            } else if (!Double.isFinite(th) || !Double.isFinite(mi) || !Double.isFinite(vi)) {
                return false;
            }
        }
        return true;
    }
}
