package dev.streamgrad.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What an event should have produced: a vector of k values, or a class index. This is the one place where a target
 * is reshaped into the k-vector y that the losses take ({@link #writeTo}); whether a target is valid for a loss is
 * the loss's call ({@link dev.streamgrad.model.loss.Loss#checkTarget(Target, int)}).
 *
 * <p>Reshaping, for a network with k outputs:
 * <ul>
 *   <li>{@link Values}: y is the vector itself (its length must be k).</li>
 *   <li>{@link ClassIndex} c with k = 1 (binary_cross_entropy): y = [c], so c is 0 or 1.</li>
 *   <li>{@link ClassIndex} c with k &gt; 1 (cross_entropy): y is one-hot, y_c = 1.</li>
 * </ul>
 */
public sealed interface Target permits Target.Values, Target.ClassIndex {

    /**
     * A target vector. The array is not copied (no allocation per event): the caller must not modify it while the
     * target is in use; nothing here modifies it.
     *
     * @param y the k target values, non-null
     */
    record Values(double[] y) implements Target {
        public Values {
            Objects.requireNonNull(y, "y");
        }

        @Override
        public void writeTo(double[] out, int off, int k) {
            if (y.length != k) {
                throw new dev.streamgrad.model.kernel.DimensionMismatchException("target: expected " + k
                        + " values, got " + y.length);
            }
            System.arraycopy(y, 0, out, off, k);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Values v && Arrays.equals(y, v.y);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(y);
        }

        @Override
        public String toString() {
            return Arrays.toString(y);
        }
    }

    /**
     * A class index (for cross_entropy, or 0/1 for binary_cross_entropy with one output).
     *
     * @param index the class c (any int here; the range is checked against the loss and k)
     */
    record ClassIndex(int index) implements Target {
        @Override
        public void writeTo(double[] out, int off, int k) {
            writeClassIndex(index, out, off, k);
        }

        @Override
        public String toString() {
            return "class " + index;
        }
    }

    /** @return a vector target over {@code y} (not copied) */
    static Target of(double[] y) {
        return new Values(y);
    }

    /** @return the one-value target [y], for a network with one output */
    static Target of(double y) {
        return new Values(new double[] {y});
    }

    /** @return a class-index target */
    static Target classIndex(int index) {
        return new ClassIndex(index);
    }

    /**
     * The target of a decoded record field that is a union of double, int and array of double (the Avro
     * {@code LabeledEvent.target}, or the same shapes from JSON): a {@link Double} is the one-value target,
     * an {@link Integer} a class index, a {@link List} of numbers a vector (copied).
     *
     * @param value the decoded value; not modified
     * @throws InvalidInputException if the value is null or of another type
     */
    static Target ofUnion(Object value) {
        if (value instanceof Double d) {
            return of(d);
        }
        if (value instanceof Integer c) {
            return classIndex(c);
        }
        if (value instanceof List<?> list) {
            double[] y = new double[list.size()];
            for (int i = 0; i < y.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    throw new InvalidInputException("target[" + i + "] is not a number: " + list.get(i));
                }
                y[i] = n.doubleValue();
            }
            return of(y);
        }
        throw new InvalidInputException("a target is a double, an int class index or an array of doubles, got "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    /**
     * Writes the k-vector y of this target (see the class comment). Does not check the target against a loss.
     *
     * @param out modified: elements [off, off+k) receive y
     * @throws dev.streamgrad.model.kernel.DimensionMismatchException if a vector's length is not k
     * @throws InvalidInputException if a class index cannot be placed in k outputs
     */
    void writeTo(double[] out, int off, int k);

    /**
     * The reshaping of a class index c, without a {@link ClassIndex} object (for the zero-allocation paths):
     * k = 1: out[off] = c; k &gt; 1: one-hot.
     *
     * @param out modified: elements [off, off+k)
     * @throws InvalidInputException if c is outside [0, max(2, k))
     */
    static void writeClassIndex(int c, double[] out, int off, int k) {
        if (c < 0 || c >= Math.max(2, k)) {
            throw new LabelOutOfRangeException("class index " + c + " is not in [0, " + Math.max(2, k) + ")");
        }
        if (k == 1) {
            out[off] = c;
            return;
        }
        Arrays.fill(out, off, off + k, 0.0);
        out[off + c] = 1.0;
    }
}
