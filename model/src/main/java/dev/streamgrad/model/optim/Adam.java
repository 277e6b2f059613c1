package dev.streamgrad.model.optim;

import dev.streamgrad.model.kernel.StepRule;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1): m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²; m̂ = m/(1−β1^t);
 * v̂ = v/(1−β2^t); θ ← θ − η m̂/(√v̂ + ε). g includes λθ (L2 as in the cost, not decoupled AdamW).
 */
final class Adam implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final StepRule rule;

    Adam(double beta1, double beta2, double eps) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.rule = StepRule.adam(beta1, beta2, eps);
    }

    @Override
    public int slotCount() {
        return 2;
    }

    @Override
    public StepRule rule() {
        return rule;
    }

    @Override
    public boolean step(double eta, double l2, long t, double[] theta, double[] g, int n, double[][] slots,
                        boolean commit) {
        double[] m = slots[0];
        double[] v = slots[1];
        double c1 = rule.correction1(t);
        double c2 = rule.correction2(t);
        for (int i = 0; i < n; i++) {
            double gi = g[i] + l2 * theta[i];
            double mi = StepRule.firstMoment(beta1, m[i], gi);
            double vi = StepRule.secondMoment(beta2, v[i], gi);
            double th = StepRule.adamTheta(eta, eps, c1, c2, theta[i], mi, vi);
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
