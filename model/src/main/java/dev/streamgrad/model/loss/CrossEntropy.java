package dev.streamgrad.model.loss;

import dev.streamgrad.model.activation.Activation;
import dev.streamgrad.model.activation.Softmax;

/**
 * Multinoulli negative log-likelihood with a softmax output: C = −Σ_k y_k ln ŷ_k, computed from the logits as
 * −Σ_k y_k z_k + logsumexp(z)·Σ_k y_k (MATH.md; = −z_c + logsumexp(z) for a class index c), finite for any finite z.
 * Its exact gradient is δ_L = ŷ·Σy − y, i.e. ŷ − y for a one-hot or probability vector.
 */
public final class CrossEntropy implements Loss {
    static final CrossEntropy INSTANCE = new CrossEntropy();

    private CrossEntropy() {
    }

    @Override
    public String name() {
        return "cross_entropy";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public double lossAndDelta(Activation out, double[] z, double[] a, double[] y, double[] delta, int off, int k) {
        double sy = 0;
        double syz = 0;
        for (int j = off; j < off + k; j++) {
            sy += y[j];
            syz += y[j] * z[j];
        }
        for (int j = off; j < off + k; j++) {
            delta[j] = a[j] * sy - y[j];
        }
        return -syz + Softmax.logSumExp(z, off, k) * sy;
    }

    @Override
    public double loss(double[] z, double[] a, double[] y, int off, int k) {
        double sy = 0;
        double syz = 0;
        for (int j = off; j < off + k; j++) {
            sy += y[j];
            syz += y[j] * z[j];
        }
        return -syz + Softmax.logSumExp(z, off, k) * sy;
    }
}
