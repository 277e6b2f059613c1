package dev.streamgrad.model.loss;

import dev.streamgrad.model.LabelOutOfRangeException;
import dev.streamgrad.model.activation.Activation;
import dev.streamgrad.model.activation.Softplus;

/**
 * Bernoulli negative log-likelihood per output, y ∈ [0,1]: −[y ln ŷ + (1−y) ln(1−ŷ)] with ŷ = sigmoid(z), computed from
 * the logit as softplus(z) − y·z (MATH.md), which stays finite for any finite z (ln ŷ itself underflows to −∞).
 * Output layer must be sigmoid; then δ_L = ŷ − y.
 */
public final class BinaryCrossEntropy implements Loss {
    static final BinaryCrossEntropy INSTANCE = new BinaryCrossEntropy();

    private BinaryCrossEntropy() {
    }

    @Override
    public String name() {
        return "binary_cross_entropy";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean isClassification() {
        return true;
    }

    /** @return 2 with one output; 0 with several (multi-label: a row predicts no single class) */
    @Override
    public int classCount(int k) {
        return k == 1 ? 2 : 0;
    }

    @Override
    public int predictedClass(double[] output, int off, int k) {
        return k == 1 ? (output[off] >= 0.5 ? 1 : 0) : -1;
    }

    /** Each y must be in [0, 1] (a probability; −ln of a value outside is no likelihood). */
    @Override
    public void checkTarget(double[] y, int off, int k) {
        Loss.super.checkTarget(y, off, k);
        for (int j = off; j < off + k; j++) {
            if (y[j] < 0 || y[j] > 1) {
                throw new LabelOutOfRangeException("binary_cross_entropy target y[" + (j - off) + "] = " + y[j]
                        + " is not in [0, 1]");
            }
        }
    }

    @Override
    public double lossAndDelta(Activation out, double[] z, double[] a, double[] y, double[] delta, int off, int k) {
        double c = 0;
        for (int j = off; j < off + k; j++) {
            c += Softplus.value(z[j]) - y[j] * z[j];
            delta[j] = a[j] - y[j];
        }
        return c;
    }

    @Override
    public double loss(double[] z, double[] a, double[] y, int off, int k) {
        double c = 0;
        for (int j = off; j < off + k; j++) {
            c += Softplus.value(z[j]) - y[j] * z[j];
        }
        return c;
    }
}
