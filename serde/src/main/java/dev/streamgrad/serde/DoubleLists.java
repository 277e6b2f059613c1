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
     * @param values Not modified. The list.
     * @return the index of the first element that is null, NaN or infinite, or -1 if all are finite
     */
    public static int firstNonFinite(List<Double> values) {
        if (values instanceof DoubleArrayList unboxed) {
            for (int i = 0; i < unboxed.size(); i++) {
                if (!Double.isFinite(unboxed.getDouble(i))) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param values Not modified. The list, of finite values ({@link #firstNonFinite} found none that is not).
     * @param maxAbs the bound
     * @return the index of the first element whose magnitude exceeds maxAbs, or -1 if none does
     */
    public static int firstLargerThan(List<Double> values, double maxAbs) {
        if (values instanceof DoubleArrayList unboxed) {
            for (int i = 0; i < unboxed.size(); i++) {
                if (Math.abs(unboxed.getDouble(i)) > maxAbs) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < values.size(); i++) {
            if (Math.abs(values.get(i)) > maxAbs) {
                return i;
            }
        }
        return -1;
    }
}
