package dev.streamgrad.model.state;

import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.drift.DriftState;
import java.util.Arrays;
import java.util.Objects;

/**
 * The complete state of a model: restoring it gives a model that continues bit for bit as the saved one would
 * have. Layers are indexed l = 1..L (MATH.md); arrays are row-major.
 *
 * <p>Immutable by convention: the constructor copies its arrays; accessors return the held arrays without
 * copying (models can be large) and callers must not modify them.
 *
 * <p>Optimiser slots: for layer l, {@code weightSlots(l)[s]} (length n_l·n_{l−1}) and {@code biasSlots(l)[s]}
 * (length n_l), s = 0..S−1 in the order of {@link dev.streamgrad.model.optim.OptimizerType#slotNames()}
 * (none for sgd; velocity; sum_sq; mean_sq; m, v for adam). The optimiser's step t equals {@link #updates()} minus
 * {@link DriftState#optimizerStepBase()} of {@link #drift()} (0 unless the optimiser was reset).
 */
public final class ModelState {
    private final NetworkSpec spec;
    private final double[][] weights;
    private final double[][] biases;
    private final double[][][] weightSlots;
    private final double[][][] biasSlots;
    private final long updates;
    private final long events;
    private final long scalerCount;
    private final double[] scalerMean;
    private final double[] scalerM2;
    /** Drift handling's part ({@link DriftState#NONE} unless used); assigned only by {@link #withDrift} on a new copy. */
    private DriftState drift = DriftState.NONE;

    /**
     * @param spec not null
     * @param weights L arrays, W_l of n_l × n_{l−1}; copied
     * @param biases L arrays, b_l of n_l; copied
     * @param weightSlots L × S arrays (S = slots of the spec's optimiser); copied
     * @param biasSlots L × S arrays; copied
     * @param updates optimiser steps applied (the model version; Adam's t)
     * @param events events learned (a batch of m counts m)
     * @param scalerCount events the scaler has learned (0 when scaling is off)
     * @param scalerMean running means, length d (length 0 allowed when scaling is off); copied
     * @param scalerM2 running Σ squared deviations, like scalerMean; copied
     * @throws IllegalArgumentException naming the first array whose shape does not match the spec (expected vs got)
     */
    public ModelState(NetworkSpec spec, double[][] weights, double[][] biases, double[][][] weightSlots,
                      double[][][] biasSlots, long updates, long events, long scalerCount, double[] scalerMean,
                      double[] scalerM2) {
        this(spec, deepCopy(weights), deepCopy(biases), deepCopy(weightSlots), deepCopy(biasSlots), updates, events,
                scalerCount, scalerMean.clone(), scalerM2.clone(), true);
    }

    private ModelState(NetworkSpec spec, double[][] weights, double[][] biases, double[][][] weightSlots,
                       double[][][] biasSlots, long updates, long events, long scalerCount, double[] scalerMean,
                       double[] scalerM2, boolean validate) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.weights = weights;
        this.biases = biases;
        this.weightSlots = weightSlots;
        this.biasSlots = biasSlots;
        this.updates = updates;
        this.events = events;
        this.scalerCount = scalerCount;
        this.scalerMean = scalerMean;
        this.scalerM2 = scalerM2;
        if (validate) {
            validate();
        }
    }

    /**
     * Like the constructor, but takes ownership of the arrays without copying (for large models built fresh by the
     * caller, e.g. {@code Model.state()} and the codecs): the caller must not modify them afterwards.
     */
    public static ModelState wrap(NetworkSpec spec, double[][] weights, double[][] biases, double[][][] weightSlots,
                            double[][][] biasSlots, long updates, long events, long scalerCount, double[] scalerMean,
                            double[] scalerM2) {
        return new ModelState(spec, weights, biases, weightSlots, biasSlots, updates, events, scalerCount, scalerMean,
                scalerM2, true);
    }

    /**
     * A fresh state (no optimiser history, counters 0, scaler empty) with the given weights: for imported weights.
     *
     * @param weights L arrays W_l; copied
     * @param biases L arrays b_l; copied
     */
    public static ModelState ofWeights(NetworkSpec spec, double[][] weights, double[][] biases) {
        int depth = spec.depth();
        int slots = spec.optimizer().type().slotNames().size();
        double[][][] ws = new double[depth][slots][];
        double[][][] bs = new double[depth][slots][];
        for (int l = 1; l <= depth; l++) {
            for (int s = 0; s < slots; s++) {
                ws[l - 1][s] = new double[spec.size(l) * spec.size(l - 1)];
                bs[l - 1][s] = new double[spec.size(l)];
            }
        }
        int d = spec.scaling() ? spec.inputSize() : 0;
        return new ModelState(spec, deepCopy(weights), deepCopy(biases), ws, bs, 0, 0, 0, new double[d],
                new double[d], true);
    }

    private void validate() {
        int depth = spec.depth();
        int slots = spec.optimizer().type().slotNames().size();
        require(weights.length == depth, "weights: expected " + depth + " layers, got " + weights.length);
        require(biases.length == depth, "biases: expected " + depth + " layers, got " + biases.length);
        require(weightSlots.length == depth, "weightSlots: expected " + depth + " layers, got " + weightSlots.length);
        require(biasSlots.length == depth, "biasSlots: expected " + depth + " layers, got " + biasSlots.length);
        for (int l = 1; l <= depth; l++) {
            int nw = spec.size(l) * spec.size(l - 1);
            int nb = spec.size(l);
            require(weights[l - 1].length == nw, "weights of layer " + l + ": expected " + spec.size(l) + "×"
                    + spec.size(l - 1) + " = " + nw + " values, got " + weights[l - 1].length);
            require(biases[l - 1].length == nb, "bias of layer " + l + ": expected " + nb + " values, got "
                    + biases[l - 1].length);
            require(weightSlots[l - 1].length == slots && biasSlots[l - 1].length == slots, "optimizer slots of layer "
                    + l + ": expected " + slots + " (" + spec.optimizer().type().jsonName() + "), got "
                    + weightSlots[l - 1].length + "/" + biasSlots[l - 1].length);
            for (int s = 0; s < slots; s++) {
                require(weightSlots[l - 1][s].length == nw, "optimizer slot " + s + " of W_" + l + ": expected " + nw
                        + " values, got " + weightSlots[l - 1][s].length);
                require(biasSlots[l - 1][s].length == nb, "optimizer slot " + s + " of b_" + l + ": expected " + nb
                        + " values, got " + biasSlots[l - 1][s].length);
            }
        }
        int d = spec.inputSize();
        require(scalerMean.length == scalerM2.length && (scalerMean.length == d || scalerMean.length == 0 && !spec.scaling()),
                "scaler: expected mean and m2 of length " + d + ", got " + scalerMean.length + "/" + scalerM2.length);
        require(updates >= 0 && events >= 0 && scalerCount >= 0, "counters must be ≥ 0");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("model state: " + message);
        }
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** @return L */
    public int depth() {
        return weights.length;
    }

    /** @return W_l (n_l × n_{l−1}, row-major), l = 1..L; do not modify */
    public double[] weights(int l) {
        return weights[l - 1];
    }

    /** @return b_l, l = 1..L; do not modify */
    public double[] bias(int l) {
        return biases[l - 1];
    }

    /** @return the optimiser slots of W_l, S arrays; do not modify */
    public double[][] weightSlots(int l) {
        return weightSlots[l - 1];
    }

    /** @return the optimiser slots of b_l, S arrays; do not modify */
    public double[][] biasSlots(int l) {
        return biasSlots[l - 1];
    }

    /** @return optimiser steps applied: the model version, and the optimiser's t */
    public long updates() {
        return updates;
    }

    /** @return events learned */
    public long events() {
        return events;
    }

    public long scalerCount() {
        return scalerCount;
    }

    /** @return running means (length d, or 0 when scaling is off); do not modify */
    public double[] scalerMean() {
        return scalerMean;
    }

    /** @return running sums of squared deviations M2; do not modify */
    public double[] scalerM2() {
        return scalerM2;
    }

    /** @return drift handling's part of the state: optimiser step base, learning-rate boost, detector; never null */
    public DriftState drift() {
        return drift;
    }

    /**
     * @param drift not null; its step base must not exceed {@link #updates()}
     * @return a copy of this state (sharing its arrays, which nobody modifies) with another drift part
     * @throws IllegalArgumentException if the step base exceeds the updates
     */
    public ModelState withDrift(DriftState drift) {
        Objects.requireNonNull(drift, "drift");
        require(drift.optimizerStepBase() <= updates, "optimizer step base " + drift.optimizerStepBase()
                + " exceeds the " + updates + " updates");
        ModelState s = new ModelState(spec, weights, biases, weightSlots, biasSlots, updates, events, scalerCount,
                scalerMean, scalerM2, false);
        s.drift = drift;
        return s;
    }

    /** Bit-for-bit equality of every field (doubles compared by their bits, as {@link Double#equals}). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelState s)) {
            return false;
        }
        return spec.equals(s.spec) && updates == s.updates && events == s.events && scalerCount == s.scalerCount
                && Arrays.deepEquals(weights, s.weights) && Arrays.deepEquals(biases, s.biases)
                && Arrays.deepEquals(weightSlots, s.weightSlots) && Arrays.deepEquals(biasSlots, s.biasSlots)
                && Arrays.equals(scalerMean, s.scalerMean) && Arrays.equals(scalerM2, s.scalerM2)
                && drift.equals(s.drift);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, updates, events, Arrays.deepHashCode(weights));
    }

    @Override
    public String toString() {
        return "ModelState[" + spec.layersString() + ", updates=" + updates + ", events=" + events + "]";
    }

    static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    static double[][][] deepCopy(double[][][] a) {
        double[][][] c = new double[a.length][][];
        for (int i = 0; i < a.length; i++) {
            c[i] = deepCopy(a[i]);
        }
        return c;
    }
}
