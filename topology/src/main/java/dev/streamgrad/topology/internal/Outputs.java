package dev.streamgrad.topology.internal;

import dev.streamgrad.model.drift.DriftDetection;
import dev.streamgrad.serde.DoubleLists;
import dev.streamgrad.serde.avro.DriftEvent;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.topology.LearnerOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the learner (and the scorer) forward: predictions, dead letters, snapshots, metrics reports and drifts, each as a
 * {@link LearnerOutput} keyed by model id (a dead letter: by the record's original key). Not thread-safe.
 */
final class Outputs {
    private final ProcessorContext<byte[], LearnerOutput> context;
    private final DeadLetters deadLetters;

    /**
     * @param context     the processor's context
     * @param deadLetters builds bounded dead letters
     */
    Outputs(ProcessorContext<byte[], LearnerOutput> context, DeadLetters deadLetters) {
        this.context = context;
        this.deadLetters = deadLetters;
    }

    /**
     * @param in      the input record (its key, headers and timestamp are kept)
     * @param modelId the model
     * @param version the model's version when it predicted
     * @param out     the output; not modified
     * @param cls     the predicted class, or -1 if the model does not classify
     * @param loss    the loss of the prediction, or null
     * @param event   the event (its id and event time are copied)
     */
    void prediction(Record<byte[], byte[]> in, String modelId, long version, double[] out, int cls, Double loss,
                    LabeledEvent event) {
        Instant time = event.getEventTime() != null ? event.getEventTime() : Instant.ofEpochMilli(in.timestamp());
        // Per event: the all-fields constructor (the builder validates each field against the schema, which costs
        // more than writing it), the output unboxed for the serde's writer, and one Record (each copies the headers).
        Prediction p = new Prediction(modelId, version, DoubleLists.of(out), cls < 0 ? null : cls, loss,
                event.getId(), time);
        context.forward(new Record<>(modelId.getBytes(StandardCharsets.UTF_8), new LearnerOutput.Predicted(p),
                in.timestamp(), in.headers()));
    }

    /**
     * @param in     the bad record (its original key and value are copied, bounded)
     * @param origin where it came from
     * @param why    the reason
     */
    void deadLetter(Record<byte[], byte[]> in, SourceHeaders origin, Rejection why) {
        byte[] key = originalKey(in);
        context.forward(new Record<>(key, new LearnerOutput.DeadLettered(
                deadLetters.of(why, origin, key, in.value(), in.timestamp())), in.timestamp()));
    }

    /**
     * A dead letter for a refused micro-batch event whose record is not in memory (it was loaded from the log):
     * its source partition, offset and timestamp, the model id as key, no value.
     */
    void deadLetter(String modelId, String topic, WalEntry e, Rejection why) {
        deadLetter(modelId, new SourceHeaders(topic, e.partition(), e.offset()), e.timestamp(), why);
    }

    /**
     * A dead letter for something held in the store whose record is no longer in memory (a log entry, an expired
     * late-label item): its source coordinates and timestamp, the model id as key, no value.
     *
     * @param timestamp the record's timestamp, or negative if unknown (then the wall clock)
     */
    void deadLetter(String modelId, SourceHeaders origin, long timestamp, Rejection why) {
        long ts = timestamp < 0 ? context.currentSystemTimeMs() : timestamp;
        byte[] key = modelId.getBytes(StandardCharsets.UTF_8);
        context.forward(new Record<>(key, new LearnerOutput.DeadLettered(deadLetters.of(why, origin, key, null, ts)),
                ts));
    }

    /** Forwards a snapshot of the model at {@code now}. */
    void snapshot(LiveModel live, long now) {
        WeightSnapshot s = ModelFactory.toSnapshot(live.id, live.model, now,
                live.metrics.values(live.model.isClassifier()));
        live.versionAtLastSnapshot = live.model.updates();
        live.changedSinceSnapshot = false;
        context.forward(new Record<>(live.id.getBytes(StandardCharsets.UTF_8), new LearnerOutput.Snapshotted(s), now));
    }

    /**
     * Forwards a drift as a {@code DriftEvent} keyed by model id, timestamped with the triggering event's record
     * timestamp (or {@code now} if the log entry has none).
     *
     * @param live the model (its id, and its drift spec's signal)
     * @param d    the detection
     * @param e    the event whose value triggered it
     * @param now  wall-clock time, for an entry without a timestamp
     */
    void drift(LiveModel live, DriftDetection d, WalEntry e, long now) {
        String modelId = live.id;
        long ts = e.timestamp() < 0 ? now : e.timestamp();
        DriftEvent event = DriftEvent.newBuilder().setModelId(modelId).setModelVersion(d.version())
                .setDetector(d.detector().toText()).setSignal(live.model.driftSpec().signal().jsonName()).setAction(d.action().toText())
                .setObservation(d.observation()).setStatistics(new java.util.LinkedHashMap<>(d.statistics()))
                .setSourcePartition(e.partition() < 0 ? null : e.partition())
                .setSourceOffset(e.offset() < 0 ? null : e.offset()).setEventTime(Instant.ofEpochMilli(ts)).build();
        context.forward(new Record<>(modelId.getBytes(StandardCharsets.UTF_8), new LearnerOutput.Drifted(event), ts));
    }

    /** Forwards the model's running metrics at {@code now}. */
    void metrics(LiveModel live, long now) {
        context.forward(new Record<>(live.id.getBytes(StandardCharsets.UTF_8), new LearnerOutput.MetricsReport(
                live.id, live.metrics.report(live.model.updates(), live.model.isClassifier(), now)), now));
    }

    /** @return the key the record had in the input topic (before a repartition by model id) */
    static byte[] originalKey(Record<byte[], byte[]> record) {
        if (record.headers().lastHeader(SourceHeaders.TOPIC) == null) {
            return record.key();
        }
        Header k = record.headers().lastHeader(ModelIdRekeyer.KEY_HEADER);
        return k == null ? null : k.value();
    }
}
