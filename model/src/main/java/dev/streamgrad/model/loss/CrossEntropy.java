package dev.streamgrad.model.loss;

import dev.streamgrad.model.LabelOutOfRangeException;
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

    /** How far Σy may be from 1 for a probability-vector target. */
    public static final double SUM_TOLERANCE = 1e-9;

    @Override
    public boolean isClassification() {
        return true;
    }

    @Override
    public int classCount(int k) {
        return k;
    }

    @Override
    public int predictedClass(double[] output, int off, int k) {
        return Loss.argMax(output, off, k);
    }

    /** y must be a probability vector: each y ≥ 0 and |Σy − 1| ≤ {@link #SUM_TOLERANCE}. */
    @Override
    public void checkTarget(double[] y, int off, int k) {
        Loss.super.checkTarget(y, off, k);
        double sum = 0;
        for (int j = off; j < off + k; j++) {
            if (y[j] < 0) {
                throw new LabelOutOfRangeException("cross_entropy target y[" + (j - off) + "] = " + y[j]
                        + " is negative: a target is a probability vector (each y ≥ 0, Σy = 1)");
            }
            sum += y[j];
        }
        if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
            throw new LabelOutOfRangeException("cross_entropy target sums to " + sum
                    + ": a target is a probability vector (each y ≥ 0, Σy = 1 within " + SUM_TOLERANCE + ")");
        }
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
