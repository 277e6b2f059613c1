package dev.streamgrad.topology.internal;

import dev.streamgrad.model.InvalidInputException;
import dev.streamgrad.model.NonFiniteUpdateException;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.topology.LearnerOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online learner: per record, decode, find the model of the record's key, predict (before learning), emit the
 * prediction and, if the record is labeled, learn from it (per event or in micro-batches). The models live in
 * memory; the model store holds a checkpoint of each plus a write-ahead log of what it learned since, so that a
 * restore (checkpoint + replay of the log through the same learn path) gives the same weights bit for bit.
 *
 * <p>Nothing is written to the store per event: the log entries of a commit interval wait in memory and are written
 * when the task commits ({@link ModelStateStore#beforeCommit}), before its offsets, as log segments or, once the log
 * since the last checkpoint is worth it, as a new checkpoint ({@link #persist}). So the store's changelog holds every
 * learned event whose offset is committed, and a model is serialised at most once per commit.
 *
 * <p>Input: key = model id (UTF-8), value = the raw LabeledEvent bytes (kept for dead letters).
 */
public final class LearnerProcessor implements Processor<byte[], byte[], byte[], LearnerOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(LearnerProcessor.class);

    private final LearnerSettings settings;
    private final ModelFactory factory;
    private final EventDecoder decoder;
    /** Log bytes a task may hold in memory between commits before it writes them early. */
    static final long MAX_UNLOGGED_BYTES = 16L << 20;

    private final Map<String, LiveModel> models = new HashMap<>();
    /** Sum of the models' {@link LiveModel#unloggedBytes}. */
    private long unloggedBytes;
    private ProcessorContext<byte[], LearnerOutput> context;
    private ModelStore store;
    private ReadOnlyKeyValueStore<Bytes, byte[]> warmStart;
    private final Deserializer<WeightSnapshot> snapshotDeserializer;
    private LearnerSensors sensors;
    /** True while a restored model re-learns its log: no metrics, no outputs. */
    private boolean replaying;

    /**
     * @param settings the learner's settings
     * @param factory  makes and restores models
     * @param decoder  decodes input values
     * @param snapshotDeserializer decodes warm-start snapshots
     */
    public LearnerProcessor(LearnerSettings settings, ModelFactory factory, EventDecoder decoder,
                            Deserializer<WeightSnapshot> snapshotDeserializer) {
        this.snapshotDeserializer = snapshotDeserializer;
        this.settings = settings;
        this.factory = factory;
        this.decoder = decoder;
    }

    @Override
    public void init(ProcessorContext<byte[], LearnerOutput> context) {
        this.context = context;
        models.clear();
        unloggedBytes = 0;
        ModelStateStore modelStore = context.getStateStore(settings.storeName());
        store = new ModelStore(modelStore.kv(), settings.chunkBytes());
        modelStore.beforeCommit(this::persistAll);
        warmStart = settings.warmStartStoreName() == null ? null : context.getStateStore(settings.warmStartStoreName());
        sensors = new LearnerSensors(context, settings.storeName());
        // The counters are recorded in bulk: at most a second late, whatever the commit interval.
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> sensors.flushCounts());
        if (settings.batchSize() > 1 && settings.batchMaxAgeMs() > 0) {
            long period = Math.max(1, settings.batchMaxAgeMs() / 4);
            context.schedule(Duration.ofMillis(period), PunctuationType.WALL_CLOCK_TIME, this::applyOldBatches);
        }
        if (settings.snapshotIntervalMs() > 0) {
            context.schedule(Duration.ofMillis(settings.snapshotIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                    now -> models.values().forEach(m -> {
                        if (m.changedSinceSnapshot) {
                            emitSnapshot(m, now);
                        }
                    }));
        }
        if (settings.metricsIntervalMs() > 0) {
            context.schedule(Duration.ofMillis(settings.metricsIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                    now -> models.values().forEach(m -> emitMetrics(m, now)));
        }
        if (settings.checkpointIntervalMs() > 0) {
            context.schedule(Duration.ofMillis(settings.checkpointIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                    now -> models.values().forEach(m -> {
                        if (m.eventsSinceCheckpoint > 0) {
                            m.checkpointDue = true;   // written at the next commit
                        }
                    }));
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceHeaders origin = SourceHeaders.of(record.headers(), context.recordMetadata().orElse(null));
        sensors.event();
        LiveModel live = null;
        try {
            Header rejected = record.headers().lastHeader(ModelIdRekeyer.REJECTED_HEADER);
            if (rejected != null) {
                String text = new String(rejected.value(), StandardCharsets.UTF_8);
                int space = text.indexOf(' ');
                throw new EventDecoder.Rejection(DeadLetterReason.valueOf(text.substring(0, space)),
                        text.substring(space + 1), null, null);
            }
            if (record.key() == null) {
                throw new EventDecoder.Rejection(DeadLetterReason.INVALID_RECORD, "the record has no key (model id)",
                        null, null);
            }
            LabeledEvent event = decoder.decode(origin.topic(), record.headers(), record.value());
            String modelId = new String(record.key(), StandardCharsets.UTF_8);
            live = model(modelId);
            live.metrics.event();
            double[] x = EventDecoder.features(event);
            if (x.length != live.model.inputSize()) {
                throw new EventDecoder.Rejection(DeadLetterReason.WRONG_DIMENSION, "features has " + x.length
                        + " values, the model takes " + live.model.inputSize(), null, "features");
            }
            WalEntry example = event.getTarget() == null ? null : example(event, x, origin, live.model);
            double[] out = new double[live.model.outputSize()];
            long version = live.model.version();
            Double loss = null;
            if (example == null || alreadyLearned(live, origin)) {
                live.model.predict(x, out);
            } else if (settings.batchSize() == 1) {
                loss = learnOne(live, example, out);
            } else {
                // The model does not change while the batch fills: the pre-update predictions of learnBatch are
                // these. Their loss is known when the batch is applied (metrics), not here (Prediction.loss null).
                live.model.predict(x, out);
                append(live, example);
                live.pending.add(example);
                if (live.pending.size() == 1) {
                    live.pendingFirstSeq = live.nextSeq - 1;
                    live.pendingSinceMs = context.currentSystemTimeMs();
                }
                live.eventsSinceCheckpoint++;
                live.lastOffsets.put(example.partition(), example.offset());
                if (live.pending.size() >= settings.batchSize()) {
                    applyBatch(live, record, origin);
                }
            }
            Integer predictedClass = live.model.classifier() ? argMax(out) : null;
            if (loss != null) {
                live.metrics.labeled(loss, predictedClass != null && predictedClass == example.classIndex());
                sensors.labeled(loss);
            }
            context.forward(record.withKey(record.key()).withValue(new LearnerOutput.Predicted(
                    prediction(modelId, version, out, predictedClass, loss, event, record.timestamp()))));
            afterUpdate(live);
        } catch (EventDecoder.Rejection r) {
            reject(r, record, origin, live);
        }
    }

    private double learnOne(LiveModel live, WalEntry example, double[] out) throws EventDecoder.Rejection {
        double loss;
        try {
            loss = live.model.learn(example, out);
        } catch (NonFiniteUpdateException e) {
            live.metrics.refused();
            sensors.refused();
            throw new EventDecoder.Rejection(DeadLetterReason.UPDATE_REFUSED, e.getMessage(), null, null);
        } catch (InvalidInputException e) {
            throw new EventDecoder.Rejection(DeadLetterReason.LABEL_OUT_OF_RANGE, e.getMessage(), null, "target");
        }
        // Learned: log it (written before the offsets are committed, so a restore replays it).
        append(live, example);
        live.eventsSinceCheckpoint++;
        live.lastOffsets.put(example.partition(), example.offset());
        live.changedSinceSnapshot = true;
        return loss;
    }

    private void applyBatch(LiveModel live, Record<byte[], byte[]> record, SourceHeaders origin) {
        try {
            int k = live.model.outputSize();
            double[] predictions = new double[live.pending.size() * k];
            double meanLoss = live.model.learnBatch(live.pending, predictions);
            live.changedSinceSnapshot = true;
            double[] row = new double[k];
            for (int r = 0; r < live.pending.size() && !replaying; r++) {
                System.arraycopy(predictions, r * k, row, 0, k);
                int target = live.pending.get(r).classIndex();
                live.metrics.labeled(meanLoss, live.model.classifier() && target >= 0 && argMax(row) == target);
                sensors.labeled(meanLoss);
            }
        } catch (NonFiniteUpdateException | InvalidInputException e) {
            live.metrics.refused();
            sensors.refused();
            if (record != null) {
                byte[] key = originalKey(record);
                context.forward(new Record<>(key, new LearnerOutput.DeadLettered(new EventDecoder.Rejection(
                        DeadLetterReason.UPDATE_REFUSED, "the micro-batch of " + live.pending.size()
                        + " events ending with this one was refused: " + e.getMessage(), null, null)
                        .toDeadLetter(origin, key, record.value(), record.timestamp())),
                        record.timestamp()));
            } else {
                LOG.warn("model '{}': a micro-batch of {} events was refused: {}", live.id, live.pending.size(),
                        e.getMessage());
            }
        }
        live.pending.clear();
        live.pendingFirstSeq = -1;
    }

    private void applyOldBatches(long now) {
        for (LiveModel live : models.values()) {
            if (!live.pending.isEmpty() && now - live.pendingSinceMs >= settings.batchMaxAgeMs()) {
                append(live, WalEntry.batchAppliedEarly());
                applyBatch(live, null, null);
                afterUpdate(live);
            }
        }
    }

    private void afterUpdate(LiveModel live) {
        long every = settings.snapshotEveryUpdates();
        if (every > 0 && live.model.version() / every > live.versionAtLastSnapshot / every) {
            emitSnapshot(live, context.currentSystemTimeMs());
        }
    }

    private boolean alreadyLearned(LiveModel live, SourceHeaders origin) {
        Long last = live.lastOffsets.get(origin.partition());
        boolean dup = last != null && origin.offset() >= 0 && origin.offset() <= last;
        if (dup) {
            LOG.info("model '{}': {}-{}@{} was already learned (at-least-once redelivery); not learning it again",
                    live.id, origin.topic(), origin.partition(), origin.offset());
        }
        return dup;
    }

    private WalEntry example(LabeledEvent event, double[] x, SourceHeaders origin, OnlineModel model)
            throws EventDecoder.Rejection {
        Object t = event.getTarget();
        int k = model.outputSize();
        if (t instanceof Integer c) {
            int classes = Math.max(2, k);
            if (!model.classifier() || c < 0 || c >= classes) {
                throw new EventDecoder.Rejection(DeadLetterReason.LABEL_OUT_OF_RANGE, "class index " + c
                        + (model.classifier() ? " is not in [0, " + classes + ")" : " given to a regression model"),
                        null, "target");
            }
            return new WalEntry(WalEntry.Kind.EXAMPLE, origin.partition(), origin.offset(), x, null, c);
        }
        double[] y;
        if (t instanceof Double d) {
            y = new double[] {d};
        } else {
            List<?> list = (List<?>) t;
            y = new double[list.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (Double) list.get(i);
            }
        }
        if (y.length != k) {
            throw new EventDecoder.Rejection(DeadLetterReason.WRONG_DIMENSION, "target has " + y.length
                    + " values, the model outputs " + k, null, "target");
        }
        return new WalEntry(WalEntry.Kind.EXAMPLE, origin.partition(), origin.offset(), x, y, -1);
    }

    /** Gives the entry the model's next log sequence; it is written to the store at the next commit. */
    private void append(LiveModel live, WalEntry entry) {
        live.unlogged.add(entry);
        live.nextSeq++;
        int bytes = entry.sizeInBytes();
        live.unloggedBytes += bytes;
        unloggedBytes += bytes;
        if (unloggedBytes >= MAX_UNLOGGED_BYTES) {
            // Writing before the commit is safe (the store is consistent after any prefix of the writes); it only
            // bounds the memory a long commit interval would take.
            persistAll();
        }
    }

    /** Writes every model's news to the store: at each commit (before the offsets), when memory runs short, at close. */
    private void persistAll() {
        for (LiveModel live : models.values()) {
            persist(live);
        }
        sensors.flushCounts();
    }

    /**
     * Writes what the model learned since the last write: a checkpoint if one is due ({@link #checkpointDue}), after
     * the log entries it does not cover (a pending micro-batch), or else all the new log entries. See
     * {@link ModelStore} for why this order keeps every prefix of the writes consistent.
     */
    private void persist(LiveModel live) {
        if (live.unlogged.isEmpty() && !live.checkpointDue) {
            return;
        }
        boolean checkpoint = checkpointDue(live);
        long first = live.firstUnloggedSeq();
        long covered = checkpoint ? live.appliedSeq() : first - 1;
        int skip = (int) Math.max(0, Math.min(live.unlogged.size(), covered + 1 - first));
        List<WalEntry> rest = live.unlogged.subList(skip, live.unlogged.size());
        if (!rest.isEmpty()) {
            store.appendLog(live.id, first + skip, rest);
            live.loggedBytes += bytes(rest);
        }
        if (checkpoint) {
            byte[] state = live.model.toBytes();
            live.checkpoint = store.writeCheckpoint(live.id, state, covered, live.lastOffsets, live.checkpoint);
            live.stateBytes = state.length;
            live.eventsSinceCheckpoint = live.pending.size();
            live.loggedBytes = bytes(live.pending);
            live.checkpointDue = false;
            sensors.checkpoint();
        }
        unloggedBytes -= live.unloggedBytes;
        live.unloggedBytes = 0;
        live.unlogged.clear();
    }

    /**
     * @return true if the model is to be serialised now: it is new or was asked to, or K events were learned since
     *     its checkpoint, or (automatic K) the log since its checkpoint has grown as large as the model, from where
     *     a checkpoint is the cheaper record of it
     */
    private boolean checkpointDue(LiveModel live) {
        if (live.checkpointDue) {
            return true;
        }
        int k = settings.checkpointEveryEvents();
        if (k > 0) {
            return live.eventsSinceCheckpoint >= k;
        }
        return live.loggedBytes + live.unloggedBytes >= live.stateBytes;
    }

    private static long bytes(List<WalEntry> entries) {
        long sum = 0;
        for (WalEntry e : entries) {
            sum += e.sizeInBytes();
        }
        return sum;
    }

    private LiveModel model(String modelId) {
        LiveModel live = models.get(modelId);
        if (live != null) {
            return live;
        }
        ModelStore.Checkpoint cp = store.readCheckpoint(modelId);
        if (cp == null) {
            live = new LiveModel(modelId, newModel(modelId), new RunningMetrics(settings.metricsWindow()));
            live.checkpointDue = true;
            models.put(modelId, live);
            emitSnapshot(live, context.currentSystemTimeMs());
            return live;
        }
        live = new LiveModel(modelId, factory.fromBytes(cp.state()), new RunningMetrics(settings.metricsWindow()));
        live.checkpoint = cp;
        live.stateBytes = cp.state().length;
        live.lastOffsets.putAll(cp.lastOffsets());
        live.nextSeq = cp.coveredSeq() + 1;
        List<KeyValue<Long, WalEntry>> log = store.logFrom(modelId, live.nextSeq);
        replaying = true;
        try {
            for (KeyValue<Long, WalEntry> kv : log) {
                replay(live, kv.key, kv.value);
            }
        } finally {
            replaying = false;
        }
        // The replayed updates were committed together with their snapshots: none is due for them now.
        live.versionAtLastSnapshot = live.model.version();
        live.changedSinceSnapshot = false;
        live.pendingSinceMs = context.currentSystemTimeMs();
        models.put(modelId, live);
        LOG.info("model '{}': restored version {} from a checkpoint ({} bytes) and {} log entries", modelId,
                live.model.version(), cp.state().length, log.size());
        return live;
    }

    private OnlineModel newModel(String modelId) {
        if (warmStart != null) {
            // A chunked snapshot is assembled and checked (SnapshotChunks.ChunkException if it cannot be).
            byte[] bytes = dev.streamgrad.topology.SnapshotChunks.assemble(modelId,
                    warmStart.get(Bytes.wrap(modelId.getBytes(StandardCharsets.UTF_8))),
                    k -> warmStart.get(Bytes.wrap(k)));
            if (bytes != null) {
                WeightSnapshot s = snapshotDeserializer.deserialize(settings.warmStartStoreName(), bytes);
                LOG.info("model '{}': warm start from the snapshot of version {}", modelId, s.getVersion());
                return factory.fromSnapshot(s);
            }
        }
        return factory.create(modelId);
    }

    /** Re-applies one logged entry exactly as the live path applied it. */
    private void replay(LiveModel live, long seq, WalEntry e) {
        if (seq != live.nextSeq) {
            throw new IllegalStateException("model '" + live.id + "': write-ahead log gap: expected sequence "
                    + live.nextSeq + ", found " + seq);
        }
        live.nextSeq = seq + 1;
        live.loggedBytes += e.sizeInBytes();
        if (e.kind() == WalEntry.Kind.BATCH_APPLIED_EARLY) {
            if (!live.pending.isEmpty()) {
                applyBatch(live, null, null);
            }
            return;
        }
        live.lastOffsets.put(e.partition(), e.offset());
        live.eventsSinceCheckpoint++;
        if (settings.batchSize() == 1) {
            try {
                live.model.learn(e, new double[live.model.outputSize()]);
            } catch (NonFiniteUpdateException | InvalidInputException ex) {
                throw new IllegalStateException("model '" + live.id + "': a logged event no longer learns", ex);
            }
        } else {
            if (live.pending.isEmpty()) {
                live.pendingFirstSeq = seq;
            }
            live.pending.add(e);
            if (live.pending.size() >= settings.batchSize()) {
                applyBatch(live, null, null);
            }
        }
        live.changedSinceSnapshot = true;
    }

    private void reject(EventDecoder.Rejection r, Record<byte[], byte[]> record, SourceHeaders origin, LiveModel live) {
        sensors.rejected();
        LiveModel owner = live != null ? live
                : record.key() == null ? null : models.get(new String(record.key(), StandardCharsets.UTF_8));
        if (owner != null) {
            owner.metrics.rejected();
        }
        byte[] key = originalKey(record);
        context.forward(new Record<>(key, new LearnerOutput.DeadLettered(
                r.toDeadLetter(origin, key, record.value(), record.timestamp())), record.timestamp()));
    }

    /** @return the key the record had in the input topic (before a repartition by model id) */
    private static byte[] originalKey(Record<byte[], byte[]> record) {
        if (record.headers().lastHeader(SourceHeaders.TOPIC) == null) {
            return record.key();
        }
        Header k = record.headers().lastHeader(ModelIdRekeyer.KEY_HEADER);
        return k == null ? null : k.value();
    }

    private void emitSnapshot(LiveModel live, long now) {
        WeightSnapshot s = factory.toSnapshot(live.id, live.model, now, live.metrics.values(live.model.classifier()));
        live.versionAtLastSnapshot = live.model.version();
        live.changedSinceSnapshot = false;
        context.forward(new Record<>(live.id.getBytes(StandardCharsets.UTF_8), new LearnerOutput.Snapshotted(s), now));
        sensors.snapshot();
    }

    private void emitMetrics(LiveModel live, long now) {
        context.forward(new Record<>(live.id.getBytes(StandardCharsets.UTF_8), new LearnerOutput.MetricsReport(
                live.id, live.metrics.report(live.model.version(), live.model.classifier(), now)), now));
    }

    private static Prediction prediction(String modelId, long version, double[] out, Integer predictedClass,
                                         Double loss, LabeledEvent event, long timestamp) {
        List<Double> output = new ArrayList<>(out.length);
        for (double v : out) {
            output.add(v);
        }
        Instant time = event.getEventTime() != null ? event.getEventTime() : Instant.ofEpochMilli(timestamp);
        return Prediction.newBuilder().setModelId(modelId).setModelVersion(version).setOutput(output)
                .setPredictedClass(predictedClass).setLoss(loss).setEventId(event.getId()).setEventTime(time).build();
    }

    private static int argMax(double[] out) {
        if (out.length == 1) {
            return out[0] >= 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int i = 1; i < out.length; i++) {
            if (out[i] > out[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() {
        try {
            // Kafka Streams closes the processors before the last commit of a task it suspends or closes cleanly:
            // write now, the commit that follows sends it with the last offsets.
            persistAll();
        } catch (RuntimeException e) {
            // A dirty close: the store may be unusable. Nothing committed is lost: the store holds it.
            LOG.warn("could not write the models at close: {}", e.toString());
        } finally {
            models.clear();
            unloggedBytes = 0;
            if (sensors != null) {
                sensors.close();
            }
        }
    }
}
