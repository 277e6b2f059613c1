package dev.streamgrad.deploy.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The demo's live progress line. On a terminal it rewrites one line in place ({@code \r}, padded with
 * spaces over the previous text); otherwise (a pipe, a file, a CI log) it prints a plain line at most once
 * per {@code plainInterval} so logs stay short. Not thread-safe: one thread reports.
 *
 * <p>Format: {@code events 12,345 | 4,321 ev/s | loss 0.2345 | acc 91.2% | model v17}; the accuracy
 * field is left out when there is none, {@code loss -} before the first loss.
 */
public final class ProgressLine {

    private final PrintStream out;
    private final boolean terminal;
    private final long plainIntervalNanos;
    private final LongSupplier nanoClock;
    private long lastPlainPrint = Long.MIN_VALUE;
    private int lastLength;

    /**
     * @param out where to print; not closed
     * @param terminal {@code true} to rewrite one line (stdout is a terminal: {@code System.console() != null})
     * @param plainIntervalNanos least time between two plain lines, at least 0
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public ProgressLine(PrintStream out, boolean terminal, long plainIntervalNanos, LongSupplier nanoClock) {
        if (plainIntervalNanos < 0) {
            throw new IllegalArgumentException("plainIntervalNanos must be at least 0");
        }
        this.out = out;
        this.terminal = terminal;
        this.plainIntervalNanos = plainIntervalNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * A progress line on {@code System.out}: rewriting one line if stdout is a terminal
     * ({@code System.console() != null}), plain lines at most every {@code plainInterval} otherwise.
     *
     * @param plainInterval least time between two plain lines
     * @return the progress line
     */
    public static ProgressLine forStdout(java.time.Duration plainInterval) {
        return new ProgressLine(System.out, System.console() != null, plainInterval.toNanos(), System::nanoTime);
    }

    /**
     * Shows the stats: on a terminal always (rewriting the line), otherwise only if the plain interval
     * has passed since the last printed line.
     *
     * @param stats what to show
     * @return whether something was printed
     */
    public boolean update(ProgressStats stats) {
        String text = format(stats);
        if (terminal) {
            int pad = Math.max(0, lastLength - text.length());
            out.print("\r" + text + " ".repeat(pad));
            out.flush();
            lastLength = text.length();
            return true;
        }
        long now = nanoClock.getAsLong();
        if (lastPlainPrint != Long.MIN_VALUE && now - lastPlainPrint < plainIntervalNanos) {
            return false;
        }
        lastPlainPrint = now;
        out.println(text);
        return true;
    }

    /**
     * Ends the progress display: on a terminal prints the final stats and a line break, so that what
     * follows starts on a new line; otherwise prints the final stats as a plain line.
     *
     * @param stats the final stats
     */
    public void finish(ProgressStats stats) {
        if (terminal) {
            update(stats);
            out.println();
        } else {
            out.println(format(stats));
        }
        out.flush();
    }

    /**
     * @param stats what to show
     * @return the line's text, without line break
     */
    public static String format(ProgressStats stats) {
        StringBuilder s = new StringBuilder(80);
        s.append(String.format(Locale.ROOT, "events %,d | %,.0f ev/s | loss ", stats.events(),
                stats.eventsPerSecond()));
        s.append(Double.isNaN(stats.loss()) ? "-" : String.format(Locale.ROOT, "%.4f", stats.loss()));
        if (!Double.isNaN(stats.accuracy())) {
            s.append(String.format(Locale.ROOT, " | acc %.1f%%", stats.accuracy() * 100));
        }
        s.append(" | model v").append(stats.modelVersion());
        return s.toString();
    }
}
