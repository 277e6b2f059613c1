package dev.streamgrad.topology.internal;

import dev.streamgrad.model.InvalidWeightException;
import dev.streamgrad.model.LabeledExample;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.Target;
import dev.streamgrad.serde.avro.DeadLetterReason;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The late-label join of one task: a stream-stream join of unlabeled events (by their id) with the labels topic,
 * keyed by (model id, event id), that keeps the prediction made when the features arrived.
 *
 * <ul>
 *   <li>Features of an event with an id and no target are held with their prediction (ŷ and z_L); a label that
 *       arrives for them joins: the model learns the pair, and the metrics score the held prediction (delayed
 *       prequential evaluation).</li>
 *   <li>A label whose features have not arrived waits the same way; when they arrive, the event is learned at once,
 *       like an event that came with its target.</li>
 *   <li>A joined pair is remembered (id only) so that a duplicate label is learned once.</li>
 *   <li>Every item expires {@code streamgrad.labels.max.delay.ms} after its timestamp, in <b>stream time</b> (the
 *       largest record timestamp this task has seen, kept in the store), and the items of a task are kept within
 *       {@code streamgrad.labels.max.bytes}; both evict the oldest first (timestamp, then arrival). Evicted features
 *       and labels are counted and dead-lettered ({@code FEATURES_EXPIRED}, {@code LABEL_EXPIRED}).</li>
 * </ul>
 *
 * <p><b>Deterministic.</b> Every decision is a function of the records in the order the task reads them: the clock is
 * the records' timestamps, never the wall clock, and it is stored with the items; so a task restored after a crash
 * decides as the task that crashed would have.
 *
 * <p><b>Store.</b> The items live in the model store ({@link HeldItems}), written by {@link #persist()} at each
 * commit right after the models' write-ahead logs and checkpoints ({@link Journal#persistAll()}). Under
 * exactly-once both are in the transaction with the offsets. Under at-least-once a crash may cut the writes: the
 * log is written first, so the store may hold a learned pair whose features still look held, never a pair that was
 * consumed and not learned; the redelivered label is then recognised as learned by its source offset, which the
 * log keeps (see {@link #walPartition}).
 *
 * <p>The parts: the matching here, the held items in {@link HeldIndex}, the clock, expiry and byte budget in
 * {@link LabelExpiry}. Not thread-safe: one per task.
 */
final class LabelJoin {
    /** Header (empty value) marking a label record on its way to the learner. */
    static final String LABEL_HEADER = "streamgrad.label";

    private final HeldItems store;
    private final HeldIndex index;
    private final LabelExpiry expiry;
    /** The task's label sensors, or null if none are registered. */
    private LabelSensors sensors;

    /**
     * A label that met its features.
     *
     * @param features the held features, with the prediction made when they arrived
     * @param target   the label's target
     * @param entry    the log entry to learn: the features, the target, the event's weight, and the label record's
     *                 source coordinates ({@link #walPartition})
     */
    record Joined(HeldItem features, Target target, WalEntry entry) { }

    /**
     * @param settings the join's settings
     * @param store    the items' layout in the model store
     * @param outputs  receives the dead letters of evicted items
     */
    LabelJoin(LabelSettings settings, HeldItems store, Outputs outputs) {
        this.store = store;
        this.index = new HeldIndex(store, settings.metricsWindow());
        this.expiry = new LabelExpiry(settings, index, store, outputs);
    }

    /** @return true if the record is a label (marked by the labels' re-keyer) */
    static boolean isLabel(Record<byte[], byte[]> record) {
        return record.headers().lastHeader(LABEL_HEADER) != null;
    }

    /**
     * The partition a label's source offset is logged under: labels and events come from different topics, and
     * the at-least-once check ({@code LogState#lastOffsets}) keeps the last learned offset per partition, so label
     * partitions are kept apart from event partitions (≥ 0) and from markers (-1).
     *
     * @param labelPartition the label record's source partition (≥ 0)
     * @return {@code -2 - labelPartition}
     */
    static int walPartition(int labelPartition) {
        return -2 - labelPartition;
    }

    /** Registers the task's label sensors (rate/total of joins and expiries; waiting items; delay p50/p99). */
    void sensors(LearnerSensors sensors) {
        this.sensors = new LabelSensors(sensors);
        expiry.sensors(this.sensors);
    }

    /** Reads the items and the clock back from the store (after a restart or a rebalance). */
    void restore() {
        expiry.restore(store.clock());
        for (HeldItem item : store.all()) {
            index.add(item, false);
            expiry.restored(item);
        }
    }

    /**
     * @param modelId a model the task holds in memory
     * @return the model's label counters, kept for as long as the task runs (one per model the task has loaded)
     */
    LabelMetrics metricsOf(String modelId) {
        LabelMetrics m = index.counters(modelId);
        m.attached = true;
        return m;
    }

    /**
     * Advances the join's clock to a record's timestamp and evicts every item older than
     * {@code streamgrad.labels.max.delay.ms} at the new stream time.
     *
     * @param timestamp the record's timestamp
     */
    void advance(long timestamp) {
        expiry.advance(timestamp);
    }

    /**
     * The features of an event without a target. If its label is waiting, the pair is joined and returned to be
     * learned now; otherwise the model predicts into {@code out} and the features are held with that prediction
     * (unless the event was seen before: then it is only predicted).
     *
     * @param live   the event's model
     * @param in     the event, read; its id is not null
     * @param origin where it came from
     * @param ts     its record timestamp
     * @param out    modified: the prediction, when null is returned
     * @return the entry to learn (its label was waiting), or null if the event was predicted into {@code out}
     * @throws Rejection INVALID_RECORD if the id is too long or the sample weight is invalid
     */
    WalEntry features(LiveModel live, RecordReader.Inbound in, SourceHeaders origin, long ts, double[] out)
            throws Rejection {
        String eventId = LabelReader.checkedEventId(in.event().getId().toString());
        double weight = in.event().getWeight() == null ? 1.0 : in.event().getWeight();
        HeldItem held = index.get(live.id, eventId);
        if (held != null && held.kind() == HeldItem.Kind.LABEL) {
            WalEntry entry = WalEntry.of(origin.partition(), origin.offset(), ts, example(held.target(), in.x(),
                    weight));
            joined(held, 0);
            return entry;
        }
        Model model = live.model;
        double[] z = new double[model.outputSize()];
        model.predict(in.x(), out, z);
        if (held == null) {
            if (!(weight >= 0 && Double.isFinite(weight))) {
                throw new Rejection(DeadLetterReason.INVALID_RECORD, "sample weight " + weight
                        + " is not finite and ≥ 0", null, "weight");
            }
            hold(HeldItem.features(live.id, eventId, ts, expiry.nextSeq(), origin, weight, in.x(), out.clone(), z));
        }
        return null;
    }

    /**
     * A label. If its features are held, the pair is joined and returned to be learned; if the pair was joined
     * before, it is a duplicate and dropped (counted); otherwise the label waits.
     *
     * @param in     the label, read
     * @param origin where it came from
     * @param ts     its record timestamp
     * @return the pair to learn, or null
     * @throws Rejection INVALID_RECORD if the held event's sample weight is invalid
     */
    Joined label(LabelReader.Inbound in, SourceHeaders origin, long ts) throws Rejection {
        HeldItem held = index.get(in.modelId(), in.eventId());
        if (held == null) {
            hold(HeldItem.label(in.modelId(), in.eventId(), ts, expiry.nextSeq(), origin, in.target()));
            return null;
        }
        if (held.kind() != HeldItem.Kind.FEATURES) {
            index.counters(in.modelId()).duplicate();   // a second label for one event: the first one counts
            return null;
        }
        WalEntry entry = WalEntry.of(walPartition(origin.partition()), origin.offset(), ts,
                example(in.target(), held.x(), held.weight()));
        joined(held, Math.max(0, ts - held.timestamp()));
        return new Joined(held, in.target(), entry);
    }

    private static LabeledExample example(Target target, double[] x, double weight) throws Rejection {
        try {
            return new LabeledExample(x, target, weight);
        } catch (InvalidWeightException e) {
            throw new Rejection(DeadLetterReason.INVALID_RECORD, e.getMessage(), null, "weight");
        }
    }

    /**
     * Records the metrics of a learned pair: the loss of the prediction made when its features arrived.
     *
     * @param live    the model that learned it
     * @param joined  the pair
     * @param sensors the task's sensors
     */
    void measured(LiveModel live, Joined joined, LearnerSensors sensors) {
        HeldItem f = joined.features();
        double loss = live.model.loss(f.preActivation(), f.prediction(), joined.target(), f.weight());
        int target = live.model.targetClass(joined.target());
        live.metrics.labeled(loss, target >= 0 && live.model.predictedClass(f.prediction()) == target);
        sensors.labeled(loss);
    }

    private void joined(HeldItem held, long delayMs) {
        index.remove(held);
        index.add(held.joined(), true);
        index.counters(held.modelId()).joined(delayMs);
        if (sensors != null) {
            sensors.joined(delayMs);
        }
    }

    private void hold(HeldItem item) {
        index.add(item, true);
        expiry.keepWithinBudget();
    }

    /**
     * Writes the items changed since the last call, then the clock. Call after {@link Journal#persistAll()} (see the
     * class comment), at each commit and at close.
     */
    void persist() {
        index.persist();
        expiry.persist();
    }

    /** Records the gauges (waiting items, delay percentiles). */
    void flushSensors() {
        if (sensors != null) {
            sensors.flush(index.waiting());
        }
    }

    /** @return the items held now, oldest first (for tests) */
    List<HeldItem> held() {
        return index.held();
    }

    /** @return how many models have label counters in memory */
    int countedModels() {
        return index.countedModels();
    }

    /** @return the bytes of the held items */
    long bytes() {
        return index.bytes();
    }
}
