package dev.streamgrad.topology.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The learner's Kafka Streams metrics (group {@code stream-streamgrad-metrics}, tags {@code task-id} and
 * {@code streamgrad-id} = the store name): {@code events}, {@code labeled}, {@code rejected},
 * {@code refused-updates}, {@code checkpoints}, {@code snapshots} (each {@code -rate} and {@code -total}) and
 * {@code loss-avg}. They are registered with the Streams metrics registry, so JMX and Prometheus exporters see them.
 */
final class LearnerSensors {
    static final String SCOPE = "streamgrad";
    private final StreamsMetrics metrics;
    private final List<Sensor> all = new ArrayList<>();
    private final Sensor events;
    private final Sensor labeled;
    private final Sensor rejected;
    private final Sensor refused;
    private final Sensor checkpoints;
    private final Sensor snapshots;
    private final Sensor loss;

    LearnerSensors(ProcessorContext<?, ?> context, String entity) {
        metrics = context.metrics();
        String task = context.taskId().toString();
        events = rateTotal(entity, "events", task);
        labeled = rateTotal(entity, "labeled", task);
        rejected = rateTotal(entity, "rejected", task);
        refused = rateTotal(entity, "refused-updates", task);
        checkpoints = rateTotal(entity, "checkpoints", task);
        snapshots = rateTotal(entity, "snapshots", task);
        loss = metrics.addSensor("streamgrad." + task + "." + entity + ".loss", Sensor.RecordingLevel.INFO);
        loss.add(new MetricName("loss-avg", "stream-" + SCOPE + "-metrics",
                "Mean loss of the predictions on labeled events (before learning), per metrics sample window",
                Map.of("task-id", task, SCOPE + "-id", entity)), new Avg());
        all.add(loss);
    }

    private Sensor rateTotal(String entity, String op, String task) {
        Sensor s = metrics.addRateTotalSensor(SCOPE, entity, op, Sensor.RecordingLevel.INFO, "task-id", task);
        all.add(s);
        return s;
    }

    void event() {
        events.record();
    }

    void labeled(double l) {
        labeled.record();
        loss.record(l);
    }

    void rejected() {
        rejected.record();
    }

    void refused() {
        refused.record();
    }

    void checkpoint() {
        checkpoints.record();
    }

    void snapshot() {
        snapshots.record();
    }

    void close() {
        all.forEach(metrics::removeSensor);
    }
}
