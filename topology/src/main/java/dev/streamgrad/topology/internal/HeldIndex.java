package dev.streamgrad.topology.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The items a task's {@link LabelJoin} holds, in memory: by (model id, event id) and oldest first (timestamp, then
 * arrival), with their byte total, each model's label counters (items waiting), and the keys changed since they were
 * last written to the model store ({@link HeldItems}). Not thread-safe: one per task.
 */
final class HeldIndex {
    private static final Comparator<HeldItem> OLDEST_FIRST = Comparator.comparingLong(HeldItem::timestamp)
            .thenComparingLong(HeldItem::seq);

    private final HeldItems store;
    private final int metricsWindow;
    private final Map<Key, HeldItem> byKey = new HashMap<>();
    private final TreeSet<HeldItem> byAge = new TreeSet<>(OLDEST_FIRST);
    /** Keys written or deleted since the last {@link #persist()}, in order. */
    private final Map<Key, Boolean> dirty = new LinkedHashMap<>();
    private final Map<String, LabelMetrics> metrics = new HashMap<>();
    private long bytes;

    private record Key(String modelId, String eventId) { }

    /**
     * @param store         the items' layout in the model store
     * @param metricsWindow the number of joins a model's delay percentiles cover
     */
    HeldIndex(HeldItems store, int metricsWindow) {
        this.store = store;
        this.metricsWindow = metricsWindow;
    }

    /** @return the item held for the event, or null */
    HeldItem get(String modelId, String eventId) {
        return byKey.get(new Key(modelId, eventId));
    }

    /** @return the oldest item (timestamp, then arrival), or null if none is held */
    HeldItem oldest() {
        return byAge.isEmpty() ? null : byAge.first();
    }

    /**
     * @return the model's label counters. Those of a model no task loaded (labels for an unknown model) are dropped
     *     when nothing of it waits any more, so labels for many unknown models cannot grow the task's memory
     *     beyond the byte budget.
     */
    LabelMetrics counters(String modelId) {
        return metrics.computeIfAbsent(modelId, id -> new LabelMetrics(metricsWindow));
    }

    /**
     * @param item  the item to hold (replaces the one of its key, which must have been removed)
     * @param write whether it is to be written at the next {@link #persist()} (false: it was read from the store)
     */
    void add(HeldItem item, boolean write) {
        Key key = new Key(item.modelId(), item.eventId());
        byKey.put(key, item);
        byAge.add(item);
        bytes += item.sizeInBytes();
        waiting(item, 1);
        if (write) {
            dirty.put(key, Boolean.TRUE);
        }
    }

    /** @param item a held item, removed here and deleted from the store at the next {@link #persist()} */
    void remove(HeldItem item) {
        Key key = new Key(item.modelId(), item.eventId());
        byKey.remove(key);
        byAge.remove(item);
        bytes -= item.sizeInBytes();
        waiting(item, -1);
        dirty.put(key, Boolean.TRUE);
        LabelMetrics m = metrics.get(item.modelId());
        if (m != null && !m.attached && m.featuresWaiting == 0 && m.labelsWaiting == 0) {
            metrics.remove(item.modelId());
        }
    }

    private void waiting(HeldItem item, int delta) {
        if (item.kind() == HeldItem.Kind.FEATURES) {
            counters(item.modelId()).featuresWaiting += delta;
        } else if (item.kind() == HeldItem.Kind.LABEL) {
            counters(item.modelId()).labelsWaiting += delta;
        }
    }

    /** Writes the items added or removed since the last call to the store. */
    void persist() {
        for (Key key : dirty.keySet()) {
            HeldItem item = byKey.get(key);
            if (item != null) {
                store.put(item);
            } else {
                store.delete(HeldItem.key(key.modelId(), key.eventId()));
            }
        }
        dirty.clear();
    }

    /** @return the features and labels waiting, over all models */
    long waiting() {
        long waiting = 0;
        for (LabelMetrics m : metrics.values()) {
            waiting += m.featuresWaiting + m.labelsWaiting;
        }
        return waiting;
    }

    /** @return the items held now, oldest first */
    List<HeldItem> held() {
        return new ArrayList<>(byAge);
    }

    /** @return how many models have label counters in memory */
    int countedModels() {
        return metrics.size();
    }

    /** @return the bytes of the held items */
    long bytes() {
        return bytes;
    }
}
