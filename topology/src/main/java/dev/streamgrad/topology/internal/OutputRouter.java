package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DriftEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.topology.LearnerOutput;
import dev.streamgrad.topology.SnapshotChunks;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends each {@link LearnerOutput} to its sink in one hop: serialises the value itself (with the sink topic's
 * serializer) and forwards the bytes to the one child sink of its kind ({@code context.forward(record, sink)}).
 * Its children must be exactly the five sinks named in {@link Routes}, taking byte[] keys and values.
 *
 * <ul>
 *   <li>{@link LearnerOutput.Predicted}: the {@code Prediction}, encoded, to the predictions sink;</li>
 *   <li>{@link LearnerOutput.Snapshotted}: one record, or chunks + manifest + chunk-key tombstones
 *       ({@link SnapshotWriter}), to the snapshots sink;</li>
 *   <li>{@link LearnerOutput.MetricsReport}: {@link LearnerOutput.MetricsReport#toJson()} to the metrics sink;</li>
 *   <li>{@link LearnerOutput.DeadLettered}: the {@code DeadLetter}, encoded, to the dead-letters sink;</li>
 *   <li>{@link LearnerOutput.Drifted}: the {@code DriftEvent}, encoded, to the drift sink.</li>
 * </ul>
 * Key, timestamp and headers are kept (the serializer may add headers). A record with a null value is dropped (the
 * learner and the scorer never forward one). A serializer's exception propagates from {@link #process}: it is
 * handled by the {@code processing.exception.handler} (default: fail), no longer by the
 * {@code production.exception.handler} as when the sinks serialised.
 */
final class OutputRouter implements Processor<byte[], LearnerOutput, byte[], byte[]> {
    private final Routes routes;
    private final SnapshotWriter snapshots;
    private ProcessorContext<byte[], byte[]> context;
    private Consumer<Record<byte[], byte[]>> toSnapshotSink;

    /**
     * Where each kind of output goes. Immutable; shared by every task.
     *
     * @param predictions encodes {@code Prediction}s
     * @param snapshots   encodes {@code WeightSnapshot}s (then chunked)
     * @param metrics     encodes the metrics JSON (UTF-8)
     * @param deadLetters encodes {@code DeadLetter}s
     * @param drifts      encodes {@code DriftEvent}s
     */
    public record Routes(SinkRoute<Prediction> predictions, SinkRoute<WeightSnapshot> snapshots,
                         SinkRoute<String> metrics, SinkRoute<DeadLetter> deadLetters, SinkRoute<DriftEvent> drifts) {
        public Routes {
            Objects.requireNonNull(predictions, "predictions");
            Objects.requireNonNull(snapshots, "snapshots");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(deadLetters, "deadLetters");
            Objects.requireNonNull(drifts, "drifts");
        }
    }

    /**
     * @param routes the sinks; shared, not modified
     * @param chunks how large snapshots are split
     */
    OutputRouter(Routes routes, SnapshotChunks chunks) {
        this.routes = routes;
        this.snapshots = new SnapshotWriter(routes.snapshots(), chunks);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        String sink = routes.snapshots().sink();
        this.toSnapshotSink = r -> context.forward(r, sink);
    }

    @Override
    public void process(Record<byte[], LearnerOutput> record) {
        LearnerOutput value = record.value();
        if (value instanceof LearnerOutput.Predicted p) {
            send(record, routes.predictions(), p.prediction());
        } else if (value instanceof LearnerOutput.Snapshotted s) {
            snapshots.write(record, s.snapshot(), toSnapshotSink);
        } else if (value instanceof LearnerOutput.MetricsReport m) {
            send(record, routes.metrics(), m.toJson());
        } else if (value instanceof LearnerOutput.DeadLettered d) {
            send(record, routes.deadLetters(), d.deadLetter());
        } else if (value instanceof LearnerOutput.Drifted d) {
            send(record, routes.drifts(), d.drift());
        }
    }

    private <T> void send(Record<byte[], LearnerOutput> record, SinkRoute<T> route, T value) {
        context.forward(record.withValue(route.serialize(record.headers(), value)), route.sink());
    }
}
