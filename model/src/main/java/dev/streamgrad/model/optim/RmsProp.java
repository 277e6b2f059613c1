package dev.streamgrad.model.optim;

/** RMSprop (Hinton, lecture 6e, 2012): s ← ρs + (1−ρ)g²; θ ← θ − ηg/(√s + ε). g includes λθ. */
final class RmsProp implements Optimizer {
    private final double rho;
    private final double eps;

    RmsProp(double rho, double eps) {
        this.rho = rho;
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
            double si = rho * s[i] + (1 - rho) * gi * gi;
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
