package dev.streamgrad.model.optim;

import dev.streamgrad.model.kernel.StepRule;

/** θ ← θ − η(g + λθ), written as (1 − ηλ)θ − ηg: the same form as the fused per-event kernel. */
final class Sgd implements Optimizer {
    private static final StepRule RULE = StepRule.sgd();

    @Override
    public StepRule rule() {
        return RULE;
    }

    @Override
    public int slotCount() {
        return 0;
    }

    @Override
    public boolean step(double eta, double l2, long t, double[] theta, double[] g, int n, double[][] slots,
                        boolean commit) {
        double scale = 1.0 - eta * l2;
        for (int i = 0; i < n; i++) {
            double th = scale * theta[i] - eta * g[i];
            if (commit) {
                theta[i] = th;
            } else if (!Double.isFinite(th)) {
                return false;
            }
        }
        return true;
    }
}
