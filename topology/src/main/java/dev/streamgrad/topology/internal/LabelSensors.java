package dev.streamgrad.topology.internal;

import org.apache.kafka.common.metrics.Sensor;

/**
 * The late-label join's Kafka Streams metrics of one task (group {@code stream-streamgrad-metrics}, beside
 * {@link LearnerSensors}'): {@code labels-joined}, {@code labels-expired}, {@code features-expired} (each
 * {@code -rate} and {@code -total}), and the gauges {@code labels-waiting} (features and labels held),
 * {@code label-delay-p50} and {@code label-delay-p99} (over the task's last 1,024 joins), recorded by
 * {@link #flush}. Not thread-safe.
 */
final class LabelSensors {
    /** How many of the task's latest joins the delay gauges cover. */
    static final int DELAY_WINDOW = 1024;

    private final Sensor joined;
    private final Sensor labelsExpired;
    private final Sensor featuresExpired;
    private final Sensor waiting;
    private final Sensor p50;
    private final Sensor p99;
    private final DelayWindow delays = new DelayWindow(DELAY_WINDOW);

    /** @param sensors the task's learner sensors, which register (and at close remove) these */
    LabelSensors(LearnerSensors sensors) {
        joined = sensors.counter("labels-joined");
        labelsExpired = sensors.counter("labels-expired");
        featuresExpired = sensors.counter("features-expired");
        waiting = sensors.gauge("labels-waiting", "Features and labels the task holds, waiting for their other half");
        p50 = sensors.gauge("label-delay-p50",
                "Median stream time (ms) from an event's features to its label, over the task's last joins");
        p99 = sensors.gauge("label-delay-p99",
                "99th percentile of the stream time (ms) from an event's features to its label, last joins");
    }

    /** @param delayMs the stream time from the features to the label of a joined pair */
    void joined(long delayMs) {
        joined.record();
        delays.add(delayMs);
    }

    void labelExpired() {
        labelsExpired.record();
    }

    void featuresExpired() {
        featuresExpired.record();
    }

    /** @param held the features and labels held now; records the gauges */
    void flush(long held) {
        waiting.record(held);
        double median = delays.percentile(0.5);
        if (!Double.isNaN(median)) {
            p50.record(median);
            p99.record(delays.percentile(0.99));
        }
    }
}
