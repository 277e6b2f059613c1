package dev.streamgrad.model.optim;

import java.util.List;
import java.util.Locale;

/** The optimisers of MATH.md, with the names of their per-parameter state slots. */
public enum OptimizerType {
    /** θ ← θ − η g. No state. */
    SGD(List.of()),
    /** v ← μv − ηg; θ ← θ + v (nesterov: θ ← θ + μv − ηg with the new v). */
    MOMENTUM(List.of("velocity")),
    /** s ← s + g²; θ ← θ − ηg/(√s + ε). Duchi, Hazan, Singer (2011). */
    ADAGRAD(List.of("sum_sq")),
    /** s ← ρs + (1−ρ)g²; θ ← θ − ηg/(√s + ε). Hinton, Coursera lecture 6e (2012). */
    RMSPROP(List.of("mean_sq")),
    /** Kingma and Ba (2015), with bias correction. */
    ADAM(List.of("m", "v"));

    private final List<String> slotNames;

    OptimizerType(List<String> slotNames) {
        this.slotNames = slotNames;
    }

    /** @return names of the state arrays kept per parameter array, in storage order */
    public List<String> slotNames() {
        return slotNames;
    }

    /** @return the lower-case name used in JSON, e.g. {@code "rmsprop"} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static OptimizerType parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown optimizer '" + s + "' (known: sgd, momentum, adagrad, rmsprop, adam)");
        }
    }
}
