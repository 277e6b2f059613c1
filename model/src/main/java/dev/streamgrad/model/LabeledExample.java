package dev.streamgrad.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One event to learn: features, target and sample weight (MATH.md, "Sample weights": the event's gradient and loss
 * are scaled by the weight). The arrays are not copied (no allocation per event): the caller must not modify them
 * while the example is in use; learning never modifies them.
 *
 * @param x the d features, non-null
 * @param target the target, non-null
 * @param weight the sample weight w ≥ 0, finite (1.0: an ordinary event; 0: see {@link Model#learn(double[], double[],
 *     double, double[])})
 */
public record LabeledExample(double[] x, Target target, double weight) {

    /**
     * @throws InvalidWeightException if the weight is negative, NaN or infinite
     */
    public LabeledExample {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(target, "target");
        checkWeight(weight);
    }

    /** @return the example with weight 1.0 */
    public static LabeledExample of(double[] x, Target target) {
        return new LabeledExample(x, target, 1.0);
    }

    /**
     * @param weight a sample weight
     * @return the weight, if it is finite and ≥ 0
     * @throws InvalidWeightException otherwise
     */
    public static double checkWeight(double weight) {
        if (!(weight >= 0) || weight == Double.POSITIVE_INFINITY) {
            throw new InvalidWeightException("sample weight " + weight
                    + " is not allowed: a weight must be finite and ≥ 0");
        }
        return weight;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledExample e && Arrays.equals(x, e.x) && target.equals(e.target)
                && Double.compare(weight, e.weight) == 0;
    }

    @Override
    public int hashCode() {
        return (31 * Arrays.hashCode(x) + target.hashCode()) * 31 + Double.hashCode(weight);
    }

    @Override
    public String toString() {
        return "LabeledExample[x=" + Arrays.toString(x) + ", target=" + target + ", weight=" + weight + "]";
    }
}
