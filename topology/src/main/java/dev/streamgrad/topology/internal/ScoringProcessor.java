package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.topology.LearnerOutput;
import dev.streamgrad.topology.SnapshotChunks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serving only: scores each event with the latest snapshot of its model from a global store fed by the snapshot
 * topic, without learning. A chunked snapshot is assembled and checked with {@link SnapshotChunks}; one that cannot
 * be assembled leaves the previous model of that id in use (or dead-letters the event if there is none). A model is decoded once per new snapshot (the store's value is compared by identity:
 * the in-memory global store hands out the array it holds).
 */
public final class ScoringProcessor implements Processor<byte[], byte[], byte[], LearnerOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);
    private final String storeName;
    private final ModelFactory factory;
    private final EventDecoder decoder;
    private final Deserializer<WeightSnapshot> snapshots;
    private final String idField;
    private final String idConstant;
    private final Map<String, Cached> cache = new HashMap<>();
    private ProcessorContext<byte[], LearnerOutput> context;
    private KeyValueStore<Bytes, byte[]> store;

    /** The model decoded from the store's value {@code raw}, or null and why it cannot be used. */
    private record Cached(byte[] raw, OnlineModel model, String problem) { }

    /**
     * @param storeName  the global snapshot store
     * @param factory    restores models from snapshots
     * @param decoder    decodes input values
     * @param snapshots  decodes snapshot values
     * @param idField    the model id field, or null
     * @param idConstant the constant model id, or null (both null: the record key)
     */
    public ScoringProcessor(String storeName, ModelFactory factory, EventDecoder decoder,
                            Deserializer<WeightSnapshot> snapshots, String idField, String idConstant) {
        this.storeName = storeName;
        this.factory = factory;
        this.decoder = decoder;
        this.snapshots = snapshots;
        this.idField = idField;
        this.idConstant = idConstant;
    }

    @Override
    public void init(ProcessorContext<byte[], LearnerOutput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        cache.clear();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceHeaders origin = SourceHeaders.of(record.headers(), context.recordMetadata().orElse(null));
        try {
            EventDecoder.Decoded decoded = decoder.decodeRecord(origin.topic(), record.headers(), record.value());
            LabeledEvent event = decoded.event();
            String modelId;
            if (idConstant != null) {
                modelId = idConstant;
            } else if (idField != null) {
                modelId = EventDecoder.modelId(decoded.source(), idField);
            } else if (record.key() != null) {
                modelId = new String(record.key(), StandardCharsets.UTF_8);
            } else {
                throw new EventDecoder.Rejection(DeadLetterReason.INVALID_RECORD, "the record has no key (model id)",
                        null, null);
            }
            OnlineModel model = model(modelId);
            double[] x = EventDecoder.features(event);
            if (x.length != model.inputSize()) {
                throw new EventDecoder.Rejection(DeadLetterReason.WRONG_DIMENSION, "features has " + x.length
                        + " values, the model takes " + model.inputSize(), null, "features");
            }
            double[] out = new double[model.outputSize()];
            model.predict(x, out);
            List<Double> output = new ArrayList<>(out.length);
            for (double v : out) {
                output.add(v);
            }
            Integer cls = null;
            if (model.classifier()) {
                cls = 0;
                if (out.length == 1) {
                    cls = out[0] >= 0.5 ? 1 : 0;
                } else {
                    for (int i = 1; i < out.length; i++) {
                        if (out[i] > out[cls]) {
                            cls = i;
                        }
                    }
                }
            }
            Instant time = event.getEventTime() != null ? event.getEventTime()
                    : Instant.ofEpochMilli(record.timestamp());
            Prediction p = Prediction.newBuilder().setModelId(modelId).setModelVersion(model.version())
                    .setOutput(output).setPredictedClass(cls).setEventId(event.getId()).setEventTime(time).build();
            context.forward(new Record<>(modelId.getBytes(StandardCharsets.UTF_8), new LearnerOutput.Predicted(p),
                    record.timestamp()));
        } catch (EventDecoder.Rejection r) {
            context.forward(new Record<>(record.key(), new LearnerOutput.DeadLettered(
                    r.toDeadLetter(origin, record.key(), record.value(), record.timestamp())), record.timestamp()));
        }
    }

    private OnlineModel model(String modelId) throws EventDecoder.Rejection {
        byte[] raw = store.get(Bytes.wrap(modelId.getBytes(StandardCharsets.UTF_8)));
        if (raw == null) {
            cache.remove(modelId);
            throw new EventDecoder.Rejection(DeadLetterReason.OTHER, "no snapshot of model '" + modelId
                    + "' on the snapshot topic yet", null, null);
        }
        Cached c = cache.get(modelId);
        if (c != null && c.raw == raw) {
            if (c.model == null) {
                throw new EventDecoder.Rejection(DeadLetterReason.OTHER, c.problem, null, null);
            }
            return c.model;
        }
        try {
            byte[] bytes = SnapshotChunks.assemble(modelId, raw, k -> store.get(Bytes.wrap(k)));
            OnlineModel m = factory.fromSnapshot(snapshots.deserialize(storeName, bytes));
            cache.put(modelId, new Cached(raw, m, null));
            return m;
        } catch (SnapshotChunks.ChunkException e) {
            // Not assembled (e.g. the next snapshot's chunks over this manifest): keep the model we had, if any.
            String problem = "the snapshot of model '" + modelId + "' cannot be used: " + e.getMessage();
            LOG.warn("{}{}", problem, c != null && c.model != null ? "; still serving the previous one" : "");
            cache.put(modelId, new Cached(raw, c == null ? null : c.model, problem));
            if (c != null && c.model != null) {
                return c.model;
            }
            throw new EventDecoder.Rejection(DeadLetterReason.OTHER, problem, null, null);
        } catch (RuntimeException e) {
            throw new EventDecoder.Rejection(DeadLetterReason.OTHER, "the snapshot of model '" + modelId
                    + "' cannot be used: " + e, null, null);
        }
    }
}
