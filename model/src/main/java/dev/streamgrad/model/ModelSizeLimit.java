package dev.streamgrad.model;

import java.util.Locale;

/**
 * An upper bound on the doubles a model may hold ({@link ModelSize#values()}: parameters, optimiser slots and
 * scaler), checked before anything is allocated so that a huge spec is refused with one line instead of an
 * {@link OutOfMemoryError}.
 *
 * <p>The default, {@link #ofHeap(long)}, is an eighth of the maximum heap in doubles: a running model holds its
 * values once, a snapshot copies them, and the encoded checkpoint and its chunks take as much again, so an eighth
 * leaves room for those copies and for the rest of the application.
 *
 * @param maxValues the largest {@link ModelSize#values()} allowed, ≥ 1
 * @param source where the bound comes from, for the message (e.g. {@code "an eighth of the 256 MB heap"})
 */
public record ModelSizeLimit(long maxValues, String source) {

    /** The key (configuration key and system property) that sets the bound, in values. */
    public static final String KEY = "streamgrad.model.max.values";

    public ModelSizeLimit {
        if (maxValues < 1) {
            throw new IllegalArgumentException(KEY + " must be ≥ 1, got " + maxValues);
        }
    }

    /** @return a bound of an eighth of {@code maxHeapBytes} (e.g. {@code Runtime.getRuntime().maxMemory()}) */
    public static ModelSizeLimit ofHeap(long maxHeapBytes) {
        return new ModelSizeLimit(Math.max(1, maxHeapBytes / 8 / Double.BYTES),
                "an eighth of the " + ModelSize.humanBytes(maxHeapBytes) + " heap; set " + KEY + " to change it");
    }

    /**
     * @return the bound set by the system property {@value #KEY}, else {@link #ofHeap} of this JVM's maximum heap
     * @throws IllegalArgumentException if the property is not a positive integer
     */
    public static ModelSizeLimit standard() {
        String p = System.getProperty(KEY);
        long configured = 0;
        if (p != null && !p.isBlank()) {
            try {
                configured = Long.parseLong(p.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + KEY + " must be a positive integer, got '" + p + "'");
            }
            if (configured < 1) {
                throw new IllegalArgumentException("-D" + KEY + " must be a positive integer, got '" + p + "'");
            }
        }
        return of(configured, Runtime.getRuntime().maxMemory());
    }

    /**
     * @param configured the bound in values, or 0 for {@link #ofHeap}({@code maxHeapBytes})
     * @return the bound
     */
    public static ModelSizeLimit of(long configured, long maxHeapBytes) {
        return configured > 0 ? new ModelSizeLimit(configured, KEY + "=" + configured) : ofHeap(maxHeapBytes);
    }

    /**
     * @throws ModelTooLargeException if a model of {@code spec} would hold more than {@link #maxValues()} values
     */
    public void check(NetworkSpec spec) {
        ModelSize size = ModelSize.of(spec);
        if (size.values() > maxValues) {
            throw new ModelTooLargeException(size, this);
        }
    }

    /** A spec whose model would exceed a {@link ModelSizeLimit}. */
    public static final class ModelTooLargeException extends InvalidSpecException {
        private static final long serialVersionUID = 1L;

        ModelTooLargeException(ModelSize size, ModelSizeLimit limit) {
            super("layers", String.format(Locale.ROOT, "too large: %s; with optimiser state and scaler %,d values,"
                    + " the limit is %,d (%s)", size.describe(), size.values(), limit.maxValues(), limit.source()));
        }
    }
}
