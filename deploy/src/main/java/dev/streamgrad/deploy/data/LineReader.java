package dev.streamgrad.deploy.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/**
 * Base of the file readers: reads a text source line by line, skips blank lines, and turns each other
 * line into one example with {@link #parse(String, long)}. Reads one line ahead to answer {@link #hasNext()}.
 */
abstract class LineReader implements ExampleSource {

    private final BufferedReader reader;
    private final String sourceName;
    private long lineNumber;
    private LabeledExample lookahead;
    private long lookaheadLine;
    private long returnedLine;
    private boolean done;

    LineReader(BufferedReader reader, String sourceName) {
        this.reader = reader;
        this.sourceName = sourceName;
    }

    /**
     * @param line a non-blank line, trimmed
     * @param number its 1-based line number
     * @return the example, or {@code null} to skip the line (a header)
     * @throws DataFormatException if the line is not a valid example
     */
    abstract LabeledExample parse(String line, long number);

    final DataFormatException error(long line, String reason) {
        return new DataFormatException(sourceName, line, reason);
    }

    @Override
    public final boolean hasNext() {
        while (lookahead == null && !done) {
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + sourceName, e);
            }
            if (line == null) {
                done = true;
            } else {
                lineNumber++;
                String trimmed = line.strip();
                if (!trimmed.isEmpty()) {
                    lookahead = parse(trimmed, lineNumber);
                    lookaheadLine = lineNumber;
                }
            }
        }
        return lookahead != null;
    }

    @Override
    public final LabeledExample next() {
        if (!hasNext()) {
            throw new NoSuchElementException("end of " + sourceName);
        }
        LabeledExample next = lookahead;
        lookahead = null;
        returnedLine = lookaheadLine;
        return next;
    }

    @Override
    public final String position() {
        return returnedLine == 0 ? null : "line " + returnedLine + " of " + sourceName;
    }

    @Override
    public final void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + sourceName, e);
        }
    }
}
