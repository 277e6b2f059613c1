package dev.streamgrad.topology.internal;

import java.util.Arrays;

/**
 * The last n label delays (ms of stream time from an event's features to its label) and their percentiles. Not
 * thread-safe.
 */
final class DelayWindow {
    private final long[] delays;
    private int filled;
    private int next;

    /** @param n how many of the latest delays are kept (≥ 1) */
    DelayWindow(int n) {
        delays = new long[n];
    }

    /** @param delayMs a delay; the oldest kept one is forgotten when the window is full */
    void add(long delayMs) {
        delays[next] = delayMs;
        next = (next + 1) % delays.length;
        filled = Math.min(filled + 1, delays.length);
    }

    /**
     * @param q the quantile, in (0, 1]
     * @return the nearest-rank q-quantile of the kept delays (the smallest delay d with at least q·n delays ≤ d), or
     *     NaN if none is kept
     */
    double percentile(double q) {
        if (filled == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(delays, filled);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * filled);
        return sorted[Math.max(0, Math.min(filled, rank) - 1)];
    }
}
