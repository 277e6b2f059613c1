package dev.streamgrad.model.optim;

import dev.streamgrad.model.kernel.StepRule;

/**
 * Classical momentum (Polyak 1964): v ← μv − ηg; θ ← θ + v. Nesterov's variant (as in Sutskever et al. 2013,
 * and PyTorch's formulation): θ ← θ + μv − ηg with the new v. g includes λθ.
 */
final class Momentum implements Optimizer {
    private final double mu;
    private final boolean nesterov;
    private final StepRule rule;

    Momentum(double mu, boolean nesterov) {
        this.mu = mu;
        this.nesterov = nesterov;
        this.rule = StepRule.momentum(mu, nesterov);
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
        double[] v = slots[0];
        for (int i = 0; i < n; i++) {
            double gi = g[i] + l2 * theta[i];
            double vi = StepRule.velocity(mu, eta, v[i], gi);
            double th = StepRule.momentumTheta(nesterov, mu, eta, theta[i], vi, gi);
            if (commit) {
                v[i] = vi;
                theta[i] = th;
            } else if (!Double.isFinite(th) || !Double.isFinite(vi)) {
                return false;
            }
        }
        return true;
    }
}
