package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.topology.StreamgradConfig;

/**
 * The expiry and the byte budget of a task's {@link LabelJoin}. It keeps the join's clock (the stream time, the
 * largest record timestamp the task has seen, and the arrival sequence of the items), written to the store with the
 * items, so that a restored task decides as the task that crashed would have. An item older than
 * {@code streamgrad.labels.max.delay.ms} of stream time, or the oldest ones beyond {@code streamgrad.labels.max.bytes},
 * are evicted; evicted features and labels are counted and dead-lettered ({@code FEATURES_EXPIRED},
 * {@code LABEL_EXPIRED}), a joined pair's memory is only dropped. Not thread-safe: one per task.
 */
final class LabelExpiry {
    private final LabelSettings settings;
    private final HeldIndex index;
    private final HeldItems store;
    private final Outputs outputs;
    private long streamTime = Long.MIN_VALUE;
    private long nextSeq;
    private boolean clockDirty;
    /** The task's label sensors, or null if none are registered. */
    private LabelSensors sensors;

    /**
     * @param index   the held items
     * @param store   where the clock is written
     * @param outputs receives the dead letters of evicted items
     */
    LabelExpiry(LabelSettings settings, HeldIndex index, HeldItems store, Outputs outputs) {
        this.settings = settings;
        this.index = index;
        this.store = store;
        this.outputs = outputs;
    }

    /** @param sensors the task's label sensors, which count the expiries */
    void sensors(LabelSensors sensors) {
        this.sensors = sensors;
    }

    /** Sets the clock read back from the store (after a restart or a rebalance). */
    void restore(HeldItems.Clock clock) {
        streamTime = clock.streamTime();
        nextSeq = clock.nextSeq();
    }

    /** @param item an item read back from the store: the arrival sequence continues after it */
    void restored(HeldItem item) {
        nextSeq = Math.max(nextSeq, item.seq() + 1);   // under at-least-once the clock may lag its items
    }

    /** @return the arrival sequence number of a new item (the clock is written at the next persist) */
    long nextSeq() {
        clockDirty = true;
        return nextSeq++;
    }

    /**
     * Advances the join's clock to a record's timestamp and evicts every item older than
     * {@code streamgrad.labels.max.delay.ms} at the new stream time.
     *
     * @param timestamp the record's timestamp
     */
    void advance(long timestamp) {
        if (timestamp > streamTime) {
            streamTime = timestamp;
            clockDirty = true;
        }
        while (index.oldest() != null && streamTime - index.oldest().timestamp() > settings.maxDelayMs()) {
            evict(index.oldest(), "waited more than " + settings.maxDelayMs() + " ms of stream time ("
                    + StreamgradConfig.LABELS_MAX_DELAY_MS_CONFIG + ")");
        }
    }

    /** Evicts the oldest items until the held items are within {@code streamgrad.labels.max.bytes}. */
    void keepWithinBudget() {
        while (index.bytes() > settings.maxBytes() && index.oldest() != null) {
            evict(index.oldest(), "evicted to keep the task's held items within " + settings.maxBytes() + " bytes ("
                    + StreamgradConfig.LABELS_MAX_BYTES_CONFIG + ")");
        }
    }

    /** Removes an item; features and labels are counted and dead-lettered, a joined pair's memory is only dropped. */
    private void evict(HeldItem item, String why) {
        LabelMetrics m = index.counters(item.modelId());
        index.remove(item);
        if (item.kind() == HeldItem.Kind.FEATURES) {
            m.featuresExpired();
            if (sensors != null) {
                sensors.featuresExpired();
            }
            outputs.deadLetter(item.modelId(), new SourceHeaders(settings.inputTopic(), item.partition(),
                    item.offset()), item.timestamp(), new Rejection(DeadLetterReason.FEATURES_EXPIRED,
                    "the features of event '" + item.eventId() + "' of model '" + item.modelId()
                            + "' got no label: " + why, null, "eventId"));
        } else if (item.kind() == HeldItem.Kind.LABEL) {
            m.labelExpired();
            if (sensors != null) {
                sensors.labelExpired();
            }
            outputs.deadLetter(item.modelId(), new SourceHeaders(settings.labelsTopic(), item.partition(),
                    item.offset()), item.timestamp(), new Rejection(DeadLetterReason.LABEL_EXPIRED,
                    "the label of event '" + item.eventId() + "' of model '" + item.modelId()
                            + "' met no features: " + why, null, "eventId"));
        }
    }

    /** Writes the clock if it moved since the last call. */
    void persist() {
        if (clockDirty) {
            store.putClock(new HeldItems.Clock(streamTime, nextSeq));
            clockDirty = false;
        }
    }
}
