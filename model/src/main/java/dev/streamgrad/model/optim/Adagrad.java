package dev.streamgrad.model.optim;

/** Adagrad (Duchi, Hazan and Singer 2011): s ← s + g²; θ ← θ − ηg/(√s + ε). g includes λθ. */
final class Adagrad implements Optimizer {
    private final double eps;

    Adagrad(double eps) {
        this.eps = eps;
    }

    @Override
    public int slotCount() {
        return 1;
    }

    @Override
    public boolean step(double eta, double l2, long t, double[] theta, double[] g, int n, double[][] slots,
                        boolean commit) {
        double[] s = slots[0];
        for (int i = 0; i < n; i++) {
            double gi = g[i] + l2 * theta[i];
            double si = s[i] + gi * gi;
            double th = theta[i] - eta * gi / (Math.sqrt(si) + eps);
            if (commit) {
                s[i] = si;
                theta[i] = th;
            } else if (!Double.isFinite(th) || !Double.isFinite(si)) {
                return false;
            }
        }
        return true;
    }
}
