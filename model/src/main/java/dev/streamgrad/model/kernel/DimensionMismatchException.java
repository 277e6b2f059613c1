package dev.streamgrad.model.kernel;

/**
 * An argument's shape does not fit the operation. The message names both shapes, e.g.
 * {@code "gemv: a has 6 elements, needs m×n = 3×4 = 12"}.
 */
public class DimensionMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DimensionMismatchException(String message) {
        super(message);
    }

    /**
     * Fails unless {@code array.length >= rows·cols}.
     *
     * @param op the operation, for the message
     * @param name the argument's name, for the message
     */
    public static void requireMatrix(String op, String name, double[] array, int rows, int cols) {
        long need = (long) rows * cols;
        if (array == null || array.length < need) {
            throw new DimensionMismatchException(op + ": " + name + " has "
                    + (array == null ? "no array" : array.length + " elements")
                    + ", needs " + rows + "×" + cols + " = " + need);
        }
    }

    /** Fails unless {@code array.length >= length}. */
    public static void requireVector(String op, String name, double[] array, int length) {
        if (array == null || array.length < length) {
            throw new DimensionMismatchException(op + ": " + name + " has "
                    + (array == null ? "no array" : array.length + " elements")
                    + ", needs length " + length);
        }
    }
}
