package dev.streamgrad.deploy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DemoThroughputTest {
    private static final long S = 1_000_000_000L;

    @Test
    void bothRatesFromTheirOwnClocks() {
        // started at 10 s, running at 11 s, last prediction at 12 s, end (final snapshot) at 13 s
        assertEquals("done: 20,000 events learned in 1.00 s once Kafka Streams was running (20,000 events/s);"
                        + " 2.00 s from its start (10,000 events/s, start-up included)",
                DemoThroughput.summary("done", 20_000, 10 * S, 11 * S, 12 * S, 13 * S, 0, 100_000, null));
    }

    @Test
    void neverRunningOrNoPredictionFallsBackToTheStartAndTheEnd() {
        assertEquals("stopped: 0 events 3.00 s from its start (0 events/s, start-up included)",
                DemoThroughput.summary("stopped", 0, 10 * S, 0, 0, 13 * S, 0, 100_000, null));
    }

    @Test
    void theSecondHalfIsTimedOnItsOwn() {
        // half (10,000 read) at 11.5 s, last at 12 s: 10,000 more events in 0.5 s
        String text = DemoThroughput.summary("done", 20_000, 10 * S, 11 * S, 12 * S, 13 * S, 0, 100_000,
                new DemoThroughput.Halfway(10_000, 11 * S + S / 2));
        String[] lines = text.split("\\R");
        assertEquals(2, lines.length, text);
        assertEquals("  second half (events 10,001-20,000): 0.50 s (20,000 events/s); the first half ran while the"
                + " JIT compiled the code of Kafka and the model", lines[1]);
    }

    @Test
    void noSecondHalfLineWithoutEventsAfterTheHalfway() {
        String text = DemoThroughput.summary("stopped", 10_000, 10 * S, 11 * S, 12 * S, 13 * S, 0, 100_000,
                new DemoThroughput.Halfway(10_000, 12 * S));
        assertEquals(1, text.split("\\R").length, text);
    }

    @Test
    void aHeldProducerIsReported() {
        String text = DemoThroughput.summary("done", 300_000, 0, S, 11 * S, 12 * S, 2_500_000_000L, 100_000, null);
        String[] lines = text.split("\\R");
        assertEquals(2, lines.length, text);
        assertEquals("done: 300,000 events learned in 10.00 s once Kafka Streams was running (30,000 events/s);"
                + " 11.00 s from its start (27,273 events/s, start-up included)", lines[0]);
        assertEquals("  the producer waited 2.50 s in all: it stays at most 100,000 events ahead of the predictions"
                + " read (to bound the labels kept for the accuracy); the learner had those events queued meanwhile,"
                + " so the rates above are the learner's own, not paced", lines[1]);
    }
}
