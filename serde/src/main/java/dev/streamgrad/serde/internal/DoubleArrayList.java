package dev.streamgrad.serde.internal;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * A {@code List<Double>} over a primitive {@code double[]}: what {@link LabeledEventReader} puts into a decoded
 * event's {@code array<double>} fields, so that a 784-feature event costs one array instead of 784 boxed Doubles.
 * Callers that know this type read the values unboxed ({@link #getDouble}, {@link #toDoubleArray}); everyone else
 * sees an ordinary list (equal to any list of the same Doubles). Fixed size once decoded: {@link #set} works,
 * {@code add}/{@code remove} throw {@link UnsupportedOperationException}. Not thread-safe.
 */
public final class DoubleArrayList extends AbstractList<Double> implements RandomAccess {
    private double[] values;
    private int size;

    /** @param capacity the expected number of values (grows beyond it while decoding) */
    DoubleArrayList(int capacity) {
        this.values = new double[Math.max(capacity, 0)];
    }

    /**
     * Appends a block of an {@code array<double>} while decoding: the decoder first checks that the block's bytes
     * are there (so a corrupt count allocates nothing), then the values are read in one pass.
     *
     * @param in    modified: positioned after the block
     * @param count the block's item count, as read
     * @throws java.io.EOFException if the bytes end before the block does
     */
    void appendBlock(BoundedBinaryDecoder in, long count) throws java.io.IOException {
        int n = in.doubleBlock(count);
        if (n > values.length - size) {
            values = Arrays.copyOf(values, Math.max(size + n, size * 2));
        }
        in.readDoubles(values, size, n);
        size += n;
    }

    /**
     * @param index 0 &le; index &lt; size
     * @return the value, unboxed
     */
    public double getDouble(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        return values[index];
    }

    /**
     * @param values not modified: the list holds a copy
     * @return a list of these values, read unboxed by the serde's own writers ({@link PredictionWriter})
     */
    public static DoubleArrayList copyOf(double[] values) {
        DoubleArrayList list = new DoubleArrayList(0);
        list.values = values.clone();
        list.size = values.length;
        return list;
    }

    /** @return the backing array (its first {@link #size} values are the list's), for the writers; not a copy */
    double[] values() {
        return values;
    }

    /** @return a new array holding the values; this list is not modified */
    public double[] toDoubleArray() {
        return Arrays.copyOf(values, size);
    }

    @Override
    public Double get(int index) {
        return getDouble(index);
    }

    @Override
    public Double set(int index, Double value) {
        double old = getDouble(index);
        values[index] = value;   // NullPointerException for null, like an unboxing list should
        return old;
    }

    @Override
    public int size() {
        return size;
    }
}
