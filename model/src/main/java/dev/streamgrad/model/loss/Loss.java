package dev.streamgrad.model.loss;

import dev.streamgrad.model.LabelOutOfRangeException;
import dev.streamgrad.model.NonFiniteInputException;
import dev.streamgrad.model.Target;
import dev.streamgrad.model.activation.Activation;
import dev.streamgrad.model.kernel.DimensionMismatchException;

/**
 * A loss for one example (one row of k outputs). Rows may sit at an offset inside a batch array.
 *
 * <p>Besides C and δ_L, the loss says what its targets and outputs mean: whether it classifies
 * ({@link #isClassification()}, {@link #classCount(int)}), which class an output predicts ({@link #predictedClass}),
 * which class a target is ({@link #targetClass}), and which targets it can learn ({@link #checkTarget(Target, int)}).
 */
public interface Loss {

    /** @return the name used in specs and JSON, e.g. {@code "huber"} */
    String name();

    /** @return the canonical text form parsed by {@link #parse(String)}, e.g. {@code "huber(1.0)"} */
    @Override
    String toString();

    /**
     * Computes C for one row and writes δ_L = ∂C/∂z_L for that row.
     *
     * @param out the output activation S_L (a valid pairing, checked by NetworkSpec)
     * @param z pre-activations z_L, row at {@code off}, not modified
     * @param a activations ŷ = S_L(z_L), row at {@code off}, not modified
     * @param y targets, row at {@code off}, not modified
     * @param delta modified: elements [off, off+k) receive δ_L
     * @return C(y, ŷ) of this row
     */
    double lossAndDelta(Activation out, double[] z, double[] a, double[] y, double[] delta, int off, int k);

    /**
     * @return C(y, ŷ) for one row, same arrays as {@link #lossAndDelta}; nothing is modified
     */
    double loss(double[] z, double[] a, double[] y, int off, int k);

    /** @return true for binary_cross_entropy and cross_entropy (their outputs are probabilities) */
    default boolean isClassification() {
        return false;
    }

    /**
     * @param k the number of outputs
     * @return the number of classes one output row chooses between: 2 for binary_cross_entropy with k = 1, k for
     *     cross_entropy, 0 when a row predicts no single class (regression; binary_cross_entropy with k &gt; 1 is
     *     multi-label)
     */
    default int classCount(int k) {
        return 0;
    }

    /**
     * The class an output row predicts: for binary_cross_entropy with one output, 1 if ŷ ≥ 0.5 else 0; for
     * cross_entropy, the arg-max (the first one on ties); -1 when {@link #classCount(int)} is 0.
     *
     * @param output the row [off, off+k), not modified
     */
    default int predictedClass(double[] output, int off, int k) {
        return -1;
    }

    /** @return {@link #predictedClass(double[], int, int)} of the whole array (k = output.length) */
    default int predictedClass(double[] output) {
        return predictedClass(output, 0, output.length);
    }

    /**
     * The true class of a target, for accuracy: a class index as it is; a value target of binary_cross_entropy with
     * one output, 1 if y ≥ 0.5 else 0; a cross_entropy probability vector, its arg-max; -1 when the loss has no
     * classes for k outputs. The target is assumed valid ({@link #checkTarget(Target, int)}).
     */
    default int targetClass(Target t, int k) {
        if (classCount(k) == 0) {
            return -1;
        }
        if (t instanceof Target.ClassIndex c) {
            return c.index();
        }
        double[] y = ((Target.Values) t).y();
        return k == 1 ? (y[0] >= 0.5 ? 1 : 0) : argMax(y, 0, k);
    }

    /**
     * Checks that this loss can learn the target with k outputs (the rules are in {@link #checkTarget(double[], int,
     * int)} and {@link #checkClassIndex(int, int)}).
     *
     * @throws DimensionMismatchException if a value target does not have k values
     * @throws NonFiniteInputException if a value is NaN or ±Inf
     * @throws LabelOutOfRangeException if the target is outside the loss's domain
     */
    default void checkTarget(Target t, int k) {
        if (t instanceof Target.ClassIndex c) {
            checkClassIndex(c.index(), k);
            return;
        }
        double[] y = ((Target.Values) t).y();
        if (y.length != k) {
            throw new DimensionMismatchException("target: expected " + k + " values, got " + y.length);
        }
        checkTarget(y, 0, k);
    }

    /**
     * Checks one target row: every value finite; binary_cross_entropy: each y ∈ [0, 1]; cross_entropy: each y ≥ 0 and
     * |Σy − 1| ≤ 1e-9; the regression losses take any finite value. Allocates nothing unless it throws.
     *
     * @param y the row [off, off+k), not modified
     * @throws NonFiniteInputException if a value is NaN or ±Inf
     * @throws LabelOutOfRangeException if a value is outside the loss's domain (the message names it and the rule)
     */
    default void checkTarget(double[] y, int off, int k) {
        for (int j = off; j < off + k; j++) {
            if (!Double.isFinite(y[j])) {
                throw new NonFiniteInputException("y[" + (j - off) + "] = " + y[j] + " is not finite");
            }
        }
    }

    /**
     * Checks a class index: it must be in [0, {@link #classCount(int)}) (0 or 1 for binary_cross_entropy with one
     * output). A loss with no classes (regression, multi-label binary_cross_entropy) takes no class index.
     *
     * @throws LabelOutOfRangeException otherwise
     */
    default void checkClassIndex(int c, int k) {
        int classes = classCount(k);
        if (classes == 0) {
            throw new LabelOutOfRangeException("class index " + c + " given to " + name() + " with " + k
                    + " output(s), which takes a vector of " + k + " value(s), not a class");
        }
        if (c < 0 || c >= classes) {
            throw new LabelOutOfRangeException("class index " + c + " is not in [0, " + classes + ") (" + name()
                    + " with " + k + " output(s))");
        }
    }

    /** @return the index of the largest of row [off, off+k) (the first one on ties), relative to off */
    static int argMax(double[] v, int off, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[off + j] > v[off + best]) {
                best = j;
            }
        }
        return best;
    }

    static Loss squaredError() {
        return SquaredError.INSTANCE;
    }

    static Loss absoluteError() {
        return AbsoluteError.INSTANCE;
    }

    /** @param delta the threshold δ between quadratic and linear (&gt; 0) */
    static Loss huber(double delta) {
        return new Huber(delta);
    }

    static Loss binaryCrossEntropy() {
        return BinaryCrossEntropy.INSTANCE;
    }

    static Loss crossEntropy() {
        return CrossEntropy.INSTANCE;
    }

    /**
     * Parses {@code squared_error, absolute_error, huber, huber(δ), binary_cross_entropy, cross_entropy}.
     *
     * @throws IllegalArgumentException naming the known losses
     */
    static Loss parse(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("huber")) {
            String rest = s.substring("huber".length()).trim();
            if (rest.isEmpty()) {
                return new Huber(Huber.DEFAULT_DELTA);
            }
            if (rest.startsWith("(") && rest.endsWith(")")) {
                try {
                    return new Huber(Double.parseDouble(rest.substring(1, rest.length() - 1).trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad huber delta in '" + text + "'", e);
                }
            }
        }
        switch (s) {
            case "squared_error": case "mse": return SquaredError.INSTANCE;
            case "absolute_error": case "mae": return AbsoluteError.INSTANCE;
            case "binary_cross_entropy": case "bce": return BinaryCrossEntropy.INSTANCE;
            case "cross_entropy": return CrossEntropy.INSTANCE;
            default:
                throw new IllegalArgumentException("unknown loss '" + text + "' (known: squared_error, absolute_error,"
                        + " huber(δ), binary_cross_entropy, cross_entropy)");
        }
    }
}
