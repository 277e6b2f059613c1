package dev.streamgrad.deploy.data;

import java.util.Iterator;

/**
 * A stream of labeled examples: a synthetic generator (endless) or a file reader (ends at the end of
 * the file). Read errors surface as {@link java.io.UncheckedIOException} or {@link DataFormatException}
 * from {@link #next()}. {@link #close()} releases the file, if any.
 */
public interface ExampleSource extends Iterator<LabeledExample>, AutoCloseable {

    /**
     * @return where the example last returned by {@link #next()} came from, for error messages (e.g.
     *     {@code "line 7 of data.csv"}), or {@code null} when the source has no such position (a generator)
     */
    default String position() {
        return null;
    }

    /** Releases resources; never throws a checked exception. Default: nothing to release. */
    @Override
    default void close() {
    }
}
