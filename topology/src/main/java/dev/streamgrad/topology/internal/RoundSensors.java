package dev.streamgrad.topology.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The replicated mode's Kafka Streams metrics (group {@code stream-streamgrad-metrics}, tags {@code task-id} and
 * {@code streamgrad-id} = the sync topic): {@code held-events} and {@code held-bytes} (at each commit),
 * {@code hold-full-total} (events dead-lettered HOLD_FULL), {@code sync-bytes-total} (sync records sent),
 * {@code rounds-total} and {@code round-wait-ms-avg}/{@code -max} (wall-clock time from publishing a round to
 * adopting its average: a measurement, never a decision), {@code merges-total} and {@code merge-ms-avg} (merger).
 */
final class RoundSensors {
    private static final String GROUP = "stream-" + LearnerSensors.SCOPE + "-metrics";
    private final StreamsMetrics metrics;
    private final List<Sensor> all = new ArrayList<>();
    private final Map<String, String> tags;
    private final String prefix;
    private final Sensor heldEvents;
    private final Sensor heldBytes;
    private final Sensor holdFull;
    private final Sensor syncBytes;
    private final Sensor rounds;
    private final Sensor merges;

    RoundSensors(ProcessorContext<?, ?> context, String entity) {
        metrics = context.metrics();
        String task = context.taskId().toString();
        tags = Map.of("task-id", task, LearnerSensors.SCOPE + "-id", entity);
        prefix = "streamgrad." + task + "." + entity + ".";
        heldEvents = sensor("held-events", "Labeled events held until the average of the published round arrives",
                new Value());
        heldBytes = sensor("held-bytes", "Bytes of the held events", new Value());
        holdFull = sensor("hold-full-total", "Events dead-lettered because the hold was full", new CumulativeSum());
        syncBytes = sensor("sync-bytes-total", "Bytes of the sync records this replica sent", new CumulativeSum());
        rounds = sensor("rounds-total", "Averages adopted", new CumulativeCount());
        rounds.add(name("round-wait-ms-avg", "Wall-clock ms from publishing a round to adopting its average"),
                new Avg());
        rounds.add(name("round-wait-ms-max", "Largest wall-clock ms from publishing a round to adopting its average"),
                new Max());
        merges = sensor("merges-total", "Rounds averaged by the merger (replica 0)", new CumulativeCount());
        merges.add(name("merge-ms-avg", "Wall-clock ms the merger spent averaging a round"), new Avg());
    }

    private MetricName name(String name, String doc) {
        return new MetricName(name, GROUP, doc, tags);
    }

    private Sensor sensor(String name, String doc, org.apache.kafka.common.metrics.MeasurableStat stat) {
        Sensor s = metrics.addSensor(prefix + name, Sensor.RecordingLevel.INFO);
        s.add(name(name, doc), stat);
        all.add(s);
        return s;
    }

    void held(int events, long bytes) {
        heldEvents.record(events);
        heldBytes.record(bytes);
    }

    void holdFull() {
        holdFull.record();
    }

    void sent(long bytes) {
        syncBytes.record(bytes);
    }

    /** A round adopted; {@code waitMs} after it was published (wall clock, for the metric only). */
    void adopted(long waitMs) {
        rounds.record(waitMs);
    }

    void merged(long nanos) {
        merges.record(nanos / 1e6);
    }

    void close() {
        for (Sensor s : all) {
            metrics.removeSensor(s);
        }
    }
}
