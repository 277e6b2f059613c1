package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The LRU model cache: order, capacity by count and by bytes, and the callback before a model is dropped. */
class ModelCacheTest {

    private static LiveModel live(String id) {
        return new LiveModel(id, null, new RunningMetrics(1), false);
    }

    @Test
    void evictsTheLeastRecentlyUsedAfterHandingItToTheCallback() {
        List<String> evicted = new ArrayList<>();
        ModelCache cache = new ModelCache(2, Long.MAX_VALUE, 100, m -> evicted.add(m.id));
        LiveModel a = live("a");
        cache.put(a);
        cache.put(live("b"));
        assertSame(a, cache.get("a"));   // a is now the most recently used
        cache.put(live("c"));
        assertEquals(List.of("b"), evicted);
        assertNull(cache.get("b"));
        assertEquals(List.of("a", "c"), cache.all().stream().map(m -> m.id).toList());
        assertEquals(1, cache.evictions());
    }

    @Test
    void theByteBoundIsACountBoundOfModelsOfOneSize() {
        assertEquals(3, new ModelCache(10, 3_500, 1_000, m -> { }).capacity());
        assertEquals(10, new ModelCache(10, 1L << 40, 1_000, m -> { }).capacity());
        assertEquals(1, new ModelCache(10, 10, 1_000, m -> { }).capacity(), "one model larger than the bound is kept");
    }
}
