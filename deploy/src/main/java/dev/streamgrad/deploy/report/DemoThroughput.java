package dev.streamgrad.deploy.report;

import java.util.Locale;

/**
 * The demo's closing throughput line: events learned per second of wall time, measured two ways so that Kafka
 * Streams' start-up (producer initialisation, group join, the first transaction) is visible and not mixed into
 * the learning rate: from the moment Kafka Streams first reached {@code RUNNING} to the last prediction read,
 * and from the start of Kafka Streams. A second line gives the rate of the second half of the events on its own:
 * on a cold JVM the first seconds run while the JIT compiles the broker's, the clients', Kafka Streams' and the
 * model's code (on 2 cores about one core goes to the compiler threads), so the second half is the closer figure
 * for what the path does once compiled. If the demo's producer was ever held back, a last line says by how long
 * and why.
 */
public final class DemoThroughput {
    private DemoThroughput() {
    }

    /**
     * Where the reader stood when it first reached half of the events.
     *
     * @param events predictions read at that moment, at least 0
     * @param nanos  {@code System.nanoTime()} at that moment
     */
    public record Halfway(long events, long nanos) {
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
     * @param halfway          when half of the events had been read, or null if never (the second-half line is
     *     then left out, as it is when no event came after it)
     * @return one line, plus one for the second half, plus one if the producer was held back; no trailing newline
     */
    public static String summary(String outcome, long events, long startNanos, long runningNanos, long lastEventNanos,
                                 long endNanos, long producerHeldNanos, long maxAhead, Halfway halfway) {
        long last = lastEventNanos != 0 ? lastEventNanos : endNanos;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %,d events", outcome, events));
        if (runningNanos != 0 && last > runningNanos) {
            line.append(String.format(Locale.ROOT, " learned in %.2f s once Kafka Streams was running (%,.0f events/s);",
                    (last - runningNanos) / 1e9, rate(events, last - runningNanos)));
        }
        line.append(String.format(Locale.ROOT, " %.2f s from its start (%,.0f events/s, start-up included)",
                (last - startNanos) / 1e9, rate(events, last - startNanos)));
        if (halfway != null && events > halfway.events() && lastEventNanos > halfway.nanos()) {
            long n = events - halfway.events();
            line.append(String.format(Locale.ROOT, "%n  second half (events %,d-%,d): %.2f s (%,.0f events/s); the"
                    + " first half ran while the JIT compiled the code of Kafka and the model", halfway.events() + 1,
                    events, (lastEventNanos - halfway.nanos()) / 1e9, rate(n, lastEventNanos - halfway.nanos())));
        }
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
