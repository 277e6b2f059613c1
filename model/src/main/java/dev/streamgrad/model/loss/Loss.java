package dev.streamgrad.model.loss;

import dev.streamgrad.model.activation.Activation;

/**
 * A loss for one example (one row of k outputs). Rows may sit at an offset inside a batch array.
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
