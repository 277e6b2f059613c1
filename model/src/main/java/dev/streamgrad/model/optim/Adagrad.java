package dev.streamgrad.model.optim;

import dev.streamgrad.model.kernel.StepRule;

/** Adagrad (Duchi, Hazan and Singer 2011): s ← s + g²; θ ← θ − ηg/(√s + ε). g includes λθ. */
final class Adagrad implements Optimizer {
    private final double eps;
    private final StepRule rule;

    Adagrad(double eps) {
        this.eps = eps;
        this.rule = StepRule.adagrad(eps);
    }

    @Override
    public int slotCount() {
        return 1;
    }

    @Override
    public StepRule rule() {
        return rule;
    }

    @Override
    public boolean step(double eta, double l2, long t, double[] theta, double[] g, int n, double[][] slots,
                        boolean commit) {
        double[] s = slots[0];
        for (int i = 0; i < n; i++) {
            double gi = g[i] + l2 * theta[i];
            double si = StepRule.sumSquares(s[i], gi);
            double th = StepRule.scaledTheta(eta, eps, theta[i], gi, si);
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
