package dev.streamgrad.topology.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A task's models in memory, least recently used first, bounded by count and by bytes. Every model of the configured
 * spec serialises to the same size (the same layers, optimiser and scaler), so the byte bound is a count bound too:
 * at most {@code min(maxModels, max(1, maxBytes / modelBytes))} models. Beyond it the least recently used model is
 * handed to the eviction callback (which writes it to the store) and dropped; it is reloaded from the store when its
 * key comes back. Not thread-safe: one per task.
 */
final class ModelCache {
    private final int capacity;
    private final Consumer<LiveModel> onEvict;
    private final LinkedHashMap<String, LiveModel> models = new LinkedHashMap<>(16, 0.75f, true);
    private long evictions;

    /**
     * @param maxModels  the most models kept, ≥ 1
     * @param maxBytes   the most bytes of serialised model state kept, ≥ 1
     * @param modelBytes the serialised size of one model, ≥ 1
     * @param onEvict    called with each model before it is dropped
     */
    ModelCache(int maxModels, long maxBytes, int modelBytes, Consumer<LiveModel> onEvict) {
        if (maxModels < 1 || maxBytes < 1 || modelBytes < 1) {
            throw new IllegalArgumentException("bounds must be positive: " + maxModels + " models, " + maxBytes
                    + " bytes, " + modelBytes + " bytes per model");
        }
        this.capacity = (int) Math.min(maxModels, Math.max(1, maxBytes / modelBytes));
        this.onEvict = onEvict;
    }

    /** @return how many models it keeps at most */
    int capacity() {
        return capacity;
    }

    /** @return the model of this id, now the most recently used, or null if it is not in memory */
    LiveModel get(String id) {
        return models.get(id);
    }

    /**
     * Adds a model (most recently used), then evicts the least recently used one if the cache is over capacity.
     *
     * @param live a model whose id is not in the cache
     */
    void put(LiveModel live) {
        models.put(live.id, live);
        Iterator<Map.Entry<String, LiveModel>> it = models.entrySet().iterator();
        while (models.size() > capacity) {
            LiveModel lru = it.next().getValue();
            onEvict.accept(lru);
            it.remove();
            evictions++;
        }
    }

    /** @return the models in memory, least recently used first; a live view, not to be modified */
    Collection<LiveModel> all() {
        return models.values();
    }

    int size() {
        return models.size();
    }

    /** @return how many models were evicted so far */
    long evictions() {
        return evictions;
    }

    /** Drops every model without the callback (close). */
    void clear() {
        models.clear();
    }
}
