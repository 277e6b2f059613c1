package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DriftEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.topology.LearnerOutput;
import dev.streamgrad.topology.SnapshotChunks;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger LOG = LoggerFactory.getLogger(OutputRouter.class);
    private final int maxRecordBytes;
    private long skipped;
    private Consumer<Record<byte[], byte[]>> toSnapshotSink;
    private final String syncSink;

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
     * @param maxRecordBytes the most key + value bytes of one output record: a larger one is never handed to the
     *                       producer (under exactly-once a record the producer refuses aborts the transaction, and
     *                       the client stops, whatever the production exception handler says); a dead letter is then
     *                       sent without its copy of the original bytes, anything else is logged and dropped
     */
    OutputRouter(Routes routes, SnapshotChunks chunks, int maxRecordBytes) {
        this(routes, chunks, maxRecordBytes, null);
    }

    /** @param syncSink the sync topic's sink (replicated mode), or null: sync records are then dropped */
    OutputRouter(Routes routes, SnapshotChunks chunks, int maxRecordBytes, String syncSink) {
        this.syncSink = syncSink;
        this.routes = routes;
        this.maxRecordBytes = maxRecordBytes;
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
        } else if (value instanceof LearnerOutput.Synced s && syncSink != null) {
            context.forward(record.withValue(s.value()), syncSink);   // already bytes, at most a chunk
        }
    }

    private <T> void send(Record<byte[], LearnerOutput> record, SinkRoute<T> route, T value) {
        byte[] bytes = route.serialize(record.headers(), value);
        if (fits(record.key(), bytes)) {
            context.forward(record.withValue(bytes), route.sink());
            return;
        }
        skipped++;
        if (value instanceof DeadLetter d) {
            // Without its copy of the original bytes a dead letter always fits: it still names the record.
            DeadLetter stripped = DeadLetter.newBuilder(d).setKey(null).setValue(null).setTruncated(true)
                    .setMessage(d.getMessage() + " [key and value copies dropped: the dead letter was " + bytes.length
                            + " bytes, over the " + maxRecordBytes + "-byte output limit]").build();
            LOG.warn("a dead letter of {} bytes is over the output limit of {} bytes: sent without its copy of the "
                    + "original key and value ({} outputs cut so far)", bytes.length, maxRecordBytes, skipped);
            context.forward(record.withKey((byte[]) null).withValue(routes.deadLetters().serialize(record.headers(), stripped)),
                    route.sink());
        } else {
            LOG.error("an output of {} bytes to '{}' is over the output limit of {} bytes: not sent ({} outputs cut "
                    + "so far)", bytes.length, route.topic(), maxRecordBytes, skipped);
        }
    }

    private boolean fits(byte[] key, byte[] value) {
        return (key == null ? 0 : key.length) + value.length <= maxRecordBytes;
    }
}
