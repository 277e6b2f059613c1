package dev.streamgrad.deploy.report;

import java.util.Locale;

/**
 * The demo's closing throughput line: events learned per second of wall time, measured two ways so that Kafka
 * Streams' start-up (producer initialisation, group join, the first transaction) is visible and not mixed into
 * the learning rate: from the moment Kafka Streams first reached {@code RUNNING} to the last prediction read,
 * and from the start of Kafka Streams. If the demo's producer was ever held back, a second line says by how
 * long and why.
 */
public final class DemoThroughput {
    private DemoThroughput() {
    }

    /**
     * @param outcome          "done", or why the run stopped
     * @param events           predictions read, at least 0
     * @param startNanos       {@code System.nanoTime()} at the start of Kafka Streams
     * @param runningNanos     when it first reached RUNNING, or 0 if it never did
     * @param lastEventNanos   when the last prediction was read, or 0 if none was
     * @param endNanos         the end of the run (after the last prediction and the final snapshot)
     * @param producerHeldNanos how long the producer waited in total because it was {@code maxAhead} events ahead
     * @param maxAhead         the producer's bound on events ahead of the predictions read
     * @return one line, or two if the producer was held back; no trailing newline
     */
    public static String summary(String outcome, long events, long startNanos, long runningNanos, long lastEventNanos,
                                 long endNanos, long producerHeldNanos, long maxAhead) {
        long last = lastEventNanos != 0 ? lastEventNanos : endNanos;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %,d events", outcome, events));
        if (runningNanos != 0 && last > runningNanos) {
            line.append(String.format(Locale.ROOT, " learned in %.2f s once Kafka Streams was running (%,.0f events/s);",
                    (last - runningNanos) / 1e9, rate(events, last - runningNanos)));
        }
        line.append(String.format(Locale.ROOT, " %.2f s from its start (%,.0f events/s, start-up included)",
                (last - startNanos) / 1e9, rate(events, last - startNanos)));
        if (producerHeldNanos > 0) {
            line.append(String.format(Locale.ROOT, "%n  the producer waited %.2f s in all: it stays at most %,d events"
                    + " ahead of the predictions read (to bound the labels kept for the accuracy); the learner had"
                    + " those events queued meanwhile, so the rates above are the learner's own, not paced",
                    producerHeldNanos / 1e9, maxAhead));
        }
        return line.toString();
    }

    private static double rate(long events, long nanos) {
        return nanos <= 0 ? 0 : events * 1e9 / nanos;
    }
}
