package dev.streamgrad.topology.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.metrics.stats.WindowedSum;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The learner's Kafka Streams metrics (group {@code stream-streamgrad-metrics}, tags {@code task-id} and
 * {@code streamgrad-id} = the store name): {@code events}, {@code labeled}, {@code rejected},
 * {@code refused-updates}, {@code checkpoints}, {@code snapshots}, {@code evictions}, {@code drifts} (each {@code -rate} and
 * {@code -total}), {@code loss-avg} and {@code cached-models}. They are registered with the Streams metrics registry, so JMX and Prometheus exporters see them.
 *
 * <p>The per-event counts are recorded in bulk, every {@link #FLUSH_EVERY} events, at each commit and every second
 * ({@link #flushCounts}): a sensor record costs about as much as a small model's whole update.
 */
final class LearnerSensors {
    static final int FLUSH_EVERY = 1024;
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
    private final Sensor evictions;
    private final Sensor drifts;
    private final String task;
    private final String entity;
    private Sensor cachedModels;
    private java.util.function.IntSupplier cachedModelCount;
    private long pendingEvents;
    private long pendingLabeled;

    LearnerSensors(ProcessorContext<?, ?> context, String entity) {
        metrics = context.metrics();
        String task = context.taskId().toString();
        this.task = task;
        this.entity = entity;
        events = sumRateTotal(entity, "events", task);
        labeled = sumRateTotal(entity, "labeled", task);
        rejected = rateTotal(entity, "rejected", task);
        refused = rateTotal(entity, "refused-updates", task);
        checkpoints = rateTotal(entity, "checkpoints", task);
        snapshots = rateTotal(entity, "snapshots", task);
        loss = metrics.addSensor("streamgrad." + task + "." + entity + ".loss", Sensor.RecordingLevel.INFO);
        loss.add(new MetricName("loss-avg", "stream-" + SCOPE + "-metrics",
                "Mean loss of the predictions on labeled events (before learning), per metrics sample window",
                Map.of("task-id", task, SCOPE + "-id", entity)), new Avg());
        all.add(loss);
        evictions = rateTotal(entity, "evictions", task);
        drifts = rateTotal(entity, "drifts", task);
    }

    /** Reports {@code cached-models} (the models the task holds in memory) from this supplier at each flush. */
    void cachedModels(java.util.function.IntSupplier size) {
        cachedModels = metrics.addSensor("streamgrad." + task + "." + entity + ".cached-models",
                Sensor.RecordingLevel.INFO);
        cachedModels.add(new MetricName("cached-models", "stream-" + SCOPE + "-metrics",
                "The number of models the task holds in memory (the others are in the model store)",
                Map.of("task-id", task, SCOPE + "-id", entity)), new Value());
        all.add(cachedModels);
        cachedModelCount = size;
    }

    /**
     * @param op the counted operation, e.g. {@code labels-joined}
     * @return a new sensor {@code <op>-rate} / {@code <op>-total} of this task (removed at close)
     */
    Sensor counter(String op) {
        return rateTotal(entity, op, task);
    }

    /**
     * @param name        the metric's name
     * @param description what it measures
     * @return a new gauge of this task (record its current value; removed at close)
     */
    Sensor gauge(String name, String description) {
        Sensor s = metrics.addSensor("streamgrad." + task + "." + entity + "." + name, Sensor.RecordingLevel.INFO);
        s.add(new MetricName(name, "stream-" + SCOPE + "-metrics", description,
                Map.of("task-id", task, SCOPE + "-id", entity)), new Value());
        all.add(s);
        return s;
    }

    /** Counts one model evicted from the task's cache. */
    void evicted() {
        evictions.record();
    }

    /** A rate and total of recorded values (not of record calls): for the counts recorded in bulk. */
    private Sensor sumRateTotal(String entity, String op, String task) {
        Sensor s = metrics.addSensor("streamgrad." + task + "." + entity + "." + op, Sensor.RecordingLevel.INFO);
        // The same tags as addRateTotalSensor gives the other counters.
        Map<String, String> tags = Map.of("thread-id", Thread.currentThread().getName(), "task-id", task,
                SCOPE + "-id", entity);
        String group = "stream-" + SCOPE + "-metrics";
        s.add(new MetricName(op + "-rate", group, "The average number of " + op + " per second", tags),
                new Rate(TimeUnit.SECONDS, new WindowedSum()));
        s.add(new MetricName(op + "-total", group, "The total number of " + op, tags), new CumulativeSum());
        all.add(s);
        return s;
    }

    private Sensor rateTotal(String entity, String op, String task) {
        Sensor s = metrics.addRateTotalSensor(SCOPE, entity, op, Sensor.RecordingLevel.INFO, "task-id", task);
        all.add(s);
        return s;
    }

    void event() {
        if (++pendingEvents >= FLUSH_EVERY) {
            flushCounts();
        }
    }

    void labeled(double l) {
        pendingLabeled++;
        loss.record(l);
    }

    /** Records the counted events and labeled events. */
    void flushCounts() {
        if (cachedModels != null) {
            cachedModels.record(cachedModelCount.getAsInt());
        }
        if (pendingEvents > 0) {
            events.record(pendingEvents);
            pendingEvents = 0;
        }
        if (pendingLabeled > 0) {
            labeled.record(pendingLabeled);
            pendingLabeled = 0;
        }
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

    /** Counts one drift (a detection where the watched signal went up). */
    void drift() {
        drifts.record();
    }

    void close() {
        flushCounts();
        all.forEach(metrics::removeSensor);
    }
}
