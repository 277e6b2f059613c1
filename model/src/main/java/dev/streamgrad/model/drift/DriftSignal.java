package dev.streamgrad.model.drift;

import java.util.Locale;

/** The value a model's drift detector watches, one per learned event. */
public enum DriftSignal {
    /** The prequential loss C(y, ŷ) of the prediction made before learning the event. */
    LOSS,
    /**
     * The prequential 0/1 error of a classifier: 1 if the predicted class differs from the true one, else 0 (see
     * {@link #zeroOneError}).
     */
    ERROR;

    /** @return the lower-case name used in configuration and JSON: {@code loss} or {@code error} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static DriftSignal parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown drift signal '" + s + "' (known: loss, error)");
        }
    }

    /**
     * @param loss the prequential loss of the event
     * @param prediction ŷ made before learning the event, length ≥ k, not modified
     * @param target y (one-hot for k ≥ 2 classes), length ≥ k, not modified
     * @param k the number of outputs
     * @return the value this signal watches: the loss, or {@link #zeroOneError(double[], double[], int)}
     */
    public double value(double loss, double[] prediction, double[] target, int k) {
        return this == LOSS ? loss : zeroOneError(prediction, target, k);
    }

    /**
     * The 0/1 error of one prediction. With k ≥ 2 outputs the predicted class is argmax ŷ (the first maximum) and
     * the true class argmax y (y one-hot); with one output (a sigmoid) the predicted class is ŷ ≥ 0.5 and the true one
     * y ≥ 0.5.
     *
     * @param prediction ŷ, length ≥ k, not modified
     * @param target y, length ≥ k, not modified
     * @param k the number of outputs, ≥ 1
     * @return 1.0 for a wrong class, 0.0 for a right one
     */
    public static double zeroOneError(double[] prediction, double[] target, int k) {
        if (k == 1) {
            return (prediction[0] >= 0.5) == (target[0] >= 0.5) ? 0.0 : 1.0;
        }
        return argmax(prediction, k) == argmax(target, k) ? 0.0 : 1.0;
    }

    /**
     * @param classIndex the true class c ∈ [0, k)
     * @see #zeroOneError(double[], double[], int)
     */
    public static double zeroOneError(double[] prediction, int classIndex, int k) {
        if (k == 1) {
            return (prediction[0] >= 0.5) == (classIndex == 1) ? 0.0 : 1.0;
        }
        return argmax(prediction, k) == classIndex ? 0.0 : 1.0;
    }

    private static int argmax(double[] v, int k) {
        int best = 0;
        for (int i = 1; i < k; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
