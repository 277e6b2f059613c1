package dev.streamgrad.deploy.app;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** A {@link PrintStream} that passes its text on to a {@link PrintWriter} at every flush (UTF-8). */
final class WriterPrintStream {

    private WriterPrintStream() {
    }

    /**
     * @param writer where the text goes; not closed
     * @return an auto-flushing print stream over it
     */
    static PrintStream over(PrintWriter writer) {
        OutputStream bytes = new OutputStream() {
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
            }

            @Override
            public void flush() {
                writer.write(buffer.toString(StandardCharsets.UTF_8));
                writer.flush();
                buffer.reset();
            }
        };
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
