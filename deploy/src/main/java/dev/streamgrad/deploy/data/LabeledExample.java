package dev.streamgrad.deploy.data;

import java.util.Arrays;

/**
 * One training example: a feature vector and its label (a class index for classification, a target
 * value for regression).
 *
 * @param features the feature values; the record keeps its own copy, and {@link #features()} returns a copy
 * @param label the label
 */
public record LabeledExample(double[] features, double label) {

    /**
     * @throws IllegalArgumentException if {@code features} is empty
     */
    public LabeledExample {
        if (features.length == 0) {
            throw new IllegalArgumentException("an example needs at least one feature");
        }
        features = features.clone();
    }

    /** @return a copy of the features (the record stays immutable) */
    @Override
    public double[] features() {
        return features.clone();
    }

    /** @return the number of features */
    public int dimension() {
        return features.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledExample other
                && Double.compare(label, other.label) == 0
                && Arrays.equals(features, other.features);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + Double.hashCode(label);
    }

    @Override
    public String toString() {
        return "LabeledExample" + Arrays.toString(features) + " -> " + label;
    }
}
