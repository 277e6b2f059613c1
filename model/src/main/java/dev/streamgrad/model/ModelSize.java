package dev.streamgrad.model;

import java.util.Locale;

/**
 * How many doubles a model of a {@link NetworkSpec} holds, counted in checked {@code long} arithmetic (a count that
 * does not fit in a {@code long} is reported as {@link Long#MAX_VALUE}, never wrapped).
 *
 * @param parameters Σ_l n_l·(n_{l−1} + 1): the weights and biases
 * @param optimizerValues the optimiser's slots: parameters × slots per parameter (0 for sgd, 2 for adam)
 * @param scalerValues the scaler's mean and M2 (2d when scaling is on, else 0)
 */
public record ModelSize(long parameters, long optimizerValues, long scalerValues) {

    /** @return the size of a model of {@code spec} (only sizes are read; nothing is allocated) */
    public static ModelSize of(NetworkSpec spec) {
        long params = parameters(spec.inputSize(), spec.layers());
        long slots = spec.optimizer().type().slotNames().size();
        return new ModelSize(params, saturatingMultiply(params, slots),
                spec.scaling() ? 2L * spec.inputSize() : 0);
    }

    /** @return Σ_l n_l·(n_{l−1} + 1) for input size d and the layers, saturating at {@link Long#MAX_VALUE} */
    static long parameters(int inputSize, java.util.List<LayerSpec> layers) {
        long params = 0;
        long previous = inputSize;
        for (LayerSpec l : layers) {
            params = saturatingAdd(params, saturatingMultiply(l.size(), previous + 1));
            previous = l.size();
        }
        return params;
    }

    /** @return every double the model holds: parameters, optimiser slots and scaler */
    public long values() {
        return saturatingAdd(saturatingAdd(parameters, optimizerValues), scalerValues);
    }

    /** @return 8 bytes per value of {@link #values()} */
    public long bytes() {
        return saturatingMultiply(values(), Double.BYTES);
    }

    /** @return e.g. {@code "1,000,001,000,000 parameters (8 TB)"}: the parameters and the bytes of every value */
    public String describe() {
        return String.format(Locale.ROOT, "%,d parameters (%s)", parameters, humanBytes(bytes()));
    }

    /** @return e.g. {@code "8 TB"}, {@code "3.2 GB"}, {@code "512 B"} (decimal units, one decimal under 10) */
    public static String humanBytes(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v < 10 && u > 0 ? String.format(Locale.ROOT, "%.1f", v).replace(".0", "")
                : String.format(Locale.ROOT, "%.0f", v)) + " " + units[u];
    }

    static long saturatingMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    static long saturatingAdd(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
