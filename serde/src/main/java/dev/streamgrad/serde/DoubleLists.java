package dev.streamgrad.serde;

import dev.streamgrad.serde.internal.DoubleArrayList;
import java.util.List;

/**
 * Reads the {@code array<double>} fields of decoded records ({@code LabeledEvent.features}, an array target)
 * without unboxing element by element when the serde decoded them into a primitive array, and element by element
 * otherwise (a list built by the user, or by Avro's reader for an older writer schema).
 */
public final class DoubleLists {
    private DoubleLists() {
    }

    /**
     * The list to put in a record's {@code array<double>} field when the values are in a primitive array: the
     * serde writes it without unboxing ({@code Prediction.output}: one copy instead of a boxed {@code Double} per
     * value).
     *
     * @param values Not modified: the list holds a copy.
     * @return a fixed-size list of the values ({@code set} works, {@code add} and {@code remove} throw)
     */
    public static List<Double> of(double[] values) {
        return DoubleArrayList.copyOf(values);
    }

    /**
     * @param values Not modified. The list.
     * @return a new array with its values
     * @throws NullPointerException if an element is null
     */
    public static double[] toArray(List<Double> values) {
        if (values instanceof DoubleArrayList unboxed) {
            return unboxed.toDoubleArray();
        }
        double[] x = new double[values.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = values.get(i);
        }
        return x;
    }

    /**
     * One pass over the values, unboxed when the serde decoded them into a primitive array.
     *
     * @param values Not modified. The list.
     * @param maxAbs the largest magnitude accepted; {@code Double.MAX_VALUE} accepts every finite value
     * @return the index of the first element that is null, NaN, infinite or larger in magnitude than maxAbs, or -1
     */
    public static int firstOutside(List<Double> values, double maxAbs) {
        if (values instanceof DoubleArrayList unboxed) {
            for (int i = 0; i < unboxed.size(); i++) {
                if (!(Math.abs(unboxed.getDouble(i)) <= maxAbs)) {   // NaN fails the comparison too
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !(Math.abs(v) <= maxAbs)) {
                return i;
            }
        }
        return -1;
    }
}
