package dev.streamgrad.deploy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String printed() {
        return buffer.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void formatsAllFields() {
        assertEquals("events 12,345 | 4,115 ev/s | loss 0.2346 | acc 91.2% | model v17",
                ProgressLine.format(new ProgressStats(12_345, 3 * SECOND, 0.23456, 0.9123, 17)));
    }

    @Test
    void formatsRegressionAndTheStart() {
        assertEquals("events 10 | 5 ev/s | loss 1.5000 | model v0",
                ProgressLine.format(new ProgressStats(10, 2 * SECOND, 1.5, Double.NaN, 0)));
        assertEquals("events 0 | 0 ev/s | loss - | model v0",
                ProgressLine.format(new ProgressStats(0, 0, Double.NaN, Double.NaN, 0)));
    }

    @Test
    void onATerminalRewritesOneLineAndPadsOverLongerText() {
        ProgressLine line = new ProgressLine(out, true, SECOND, clock::get);
        line.update(new ProgressStats(1_000_000, SECOND, 0.5, 0.75, 100));
        line.update(new ProgressStats(5, SECOND, 0.5, Double.NaN, 1));
        String first = "events 1,000,000 | 1,000,000 ev/s | loss 0.5000 | acc 75.0% | model v100";
        String second = "events 5 | 5 ev/s | loss 0.5000 | model v1";
        assertEquals("\r" + first + "\r" + second + " ".repeat(first.length() - second.length()), printed());
        assertFalse(printed().contains("\n"));
        line.finish(new ProgressStats(6, SECOND, 0.4, Double.NaN, 1));
        assertTrue(printed().endsWith("\revents 6 | 6 ev/s | loss 0.4000 | model v1" + " ".repeat(
                second.length() - "events 6 | 6 ev/s | loss 0.4000 | model v1".length()) + "\n"), printed());
    }

    @Test
    void elsewherePrintsPlainLinesAtMostOncePerInterval() {
        ProgressLine line = new ProgressLine(out, false, 10 * SECOND, clock::get);
        assertTrue(line.update(new ProgressStats(1, SECOND, 1, 0, 0)));
        clock.set(9 * SECOND);
        assertFalse(line.update(new ProgressStats(2, 2 * SECOND, 1, 0, 0)));
        clock.set(10 * SECOND);
        assertTrue(line.update(new ProgressStats(3, 3 * SECOND, 1, 1, 0)));
        line.finish(new ProgressStats(4, 4 * SECOND, 1, 1, 2));
        assertEquals("""
                events 1 | 1 ev/s | loss 1.0000 | acc 0.0% | model v0
                events 3 | 1 ev/s | loss 1.0000 | acc 100.0% | model v0
                events 4 | 1 ev/s | loss 1.0000 | acc 100.0% | model v2
                """, printed());
        assertFalse(printed().contains("\r"));
    }

    @Test
    void rejectsNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> new ProgressStats(-1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProgressLine(out, false, -1, clock::get));
    }
}
