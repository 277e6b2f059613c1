package dev.streamgrad.topology.internal;

import dev.streamgrad.model.Model;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.topology.LearnerOutput;
import dev.streamgrad.topology.SnapshotChunks;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serving only: scores each event with the latest snapshot of its model from a global store fed by the snapshot
 * topic, without learning. A snapshot that cannot be assembled leaves the previous model of that id in use (or
 * dead-letters the event if there is none). A model is decoded once per new snapshot (the store's value is compared
 * by identity: the in-memory global store hands out the array it holds).
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], LearnerOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);
    private final ModelFactory factory;
    private final InputDecoder decoder;
    private final Function<ProcessorContext<?, ?>, SnapshotLookup> snapshots;
    private final String idField;
    private final String idConstant;
    private final ModelIds ids = new ModelIds();
    private final Map<String, Cached> cache = new HashMap<>();
    private final DeadLetters deadLetters;
    private ProcessorContext<byte[], LearnerOutput> context;
    private SnapshotLookup lookup;
    private Outputs outputs;

    /** The model decoded from the store's value {@code raw}, or null and why it cannot be used. */
    private record Cached(byte[] raw, Model model, String problem) { }

    /**
     * @param factory     restores models from snapshots
     * @param decoder     decodes input values
     * @param snapshots   the snapshot store of a task's context
     * @param idField     the model id field, or null
     * @param idConstant  the constant model id, or null (both null: the record key)
     * @param deadLetters builds bounded dead letters
     */
    ScoringProcessor(ModelFactory factory, InputDecoder decoder, Function<ProcessorContext<?, ?>, SnapshotLookup> snapshots,
                     String idField, String idConstant, DeadLetters deadLetters) {
        this.factory = factory;
        this.decoder = decoder;
        this.snapshots = snapshots;
        this.idField = idField;
        this.idConstant = idConstant;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<byte[], LearnerOutput> context) {
        this.context = context;
        this.lookup = snapshots.apply(context);
        this.outputs = new Outputs(context, deadLetters);
        cache.clear();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceHeaders origin = SourceHeaders.of(record.headers(), context.recordMetadata().orElse(null));
        try {
            InputDecoder.Decoded decoded = decoder.decode(origin.topic(), record.headers(), record.value());
            String modelId = idConstant != null ? idConstant
                    : idField != null ? ModelIds.ofField(decoded.source(), idField) : ids.ofKey(record.key());
            Model model = model(modelId);
            double[] x = InputDecoder.features(decoded.event());
            ExampleReader.checkFeatures(model, x);
            double[] out = new double[model.outputSize()];
            model.predict(x, out);
            outputs.prediction(record, modelId, model.updates(), out, model.predictedClass(out), null,
                    decoded.event());
        } catch (Rejection r) {
            outputs.deadLetter(record, origin, r);
        }
    }

    private Model model(String modelId) throws Rejection {
        byte[] raw = lookup.raw(modelId);
        if (raw == null) {
            cache.remove(modelId);
            throw new Rejection(DeadLetterReason.OTHER, "no snapshot of model '" + modelId
                    + "' on the snapshot topic yet", null, null);
        }
        Cached c = cache.get(modelId);
        if (c != null && c.raw == raw) {
            if (c.model == null) {
                throw new Rejection(DeadLetterReason.OTHER, c.problem, null, null);
            }
            return c.model;
        }
        try {
            Model m = factory.fromSnapshot(lookup.decode(modelId, raw));
            cache.put(modelId, new Cached(raw, m, null));
            return m;
        } catch (SnapshotChunks.ChunkException e) {
            // Not assembled (e.g. the next snapshot's chunks over this manifest): keep the model we had, if any.
            String problem = "the snapshot of model '" + modelId + "' cannot be used: " + e.getMessage();
            boolean previous = c != null && c.model != null;
            LOG.warn("{}{}", problem, previous ? "; still serving the previous one" : "");
            cache.put(modelId, new Cached(raw, previous ? c.model : null, problem));
            if (previous) {
                return c.model;
            }
            throw new Rejection(DeadLetterReason.OTHER, problem, null, null);
        } catch (RuntimeException e) {
            throw new Rejection(DeadLetterReason.OTHER, "the snapshot of model '" + modelId + "' cannot be used: "
                    + e, null, null);
        }
    }
}
