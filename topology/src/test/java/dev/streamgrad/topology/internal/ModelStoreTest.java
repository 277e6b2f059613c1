package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelStoreTest {
    private KeyValueStore<Bytes, byte[]> kv;
    private ModelStore store;

    @BeforeEach
    void open() {
        kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("models"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        kv.init(new MockProcessorContext<>().getStateStoreContext(), kv);
        store = new ModelStore(kv, ModelStore.DEFAULT_CHUNK_BYTES);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    @Test
    void aModelOverOneMegabyteIsSplitIntoChunksAndReassembled() {
        byte[] state = random(1_300_000, 1);
        int chunks = store.writeCheckpoint("m", state, 41, 0, Map.of(0, 99L, 3, 7L), 0);
        assertEquals(3, chunks);
        ModelStore.Checkpoint cp = store.readCheckpoint("m");
        assertArrayEquals(state, cp.state());
        assertEquals(41, cp.coveredSeq());
        assertEquals(Map.of(0, 99L, 3, 7L), cp.lastOffsets());
        try (var it = kv.all()) {
            while (it.hasNext()) {
                var e = it.next();
                assertEquals(true, e.value.length <= ModelStore.DEFAULT_CHUNK_BYTES, "entry of " + e.value.length);
            }
        }
        // A smaller model later: the extra chunks go.
        int fewer = store.writeCheckpoint("m", random(10, 2), 50, 42, Map.of(), chunks);
        assertEquals(1, fewer);
        assertEquals(2, kv.approximateNumEntries(), "header + one chunk");
        assertNull(store.readCheckpoint("other"));
    }

    @Test
    void aCorruptCheckpointIsDetected() {
        store.writeCheckpoint("m", random(2_000, 3), 0, 0, Map.of(), 0);
        byte[] chunkKeyPrefix = {'C'};
        try (var it = kv.all()) {
            while (it.hasNext()) {
                var e = it.next();
                if (e.key.get()[0] == chunkKeyPrefix[0]) {
                    e.value[10] ^= 1;
                    kv.put(e.key, e.value);
                }
            }
        }
        assertThrows(IllegalStateException.class, () -> store.readCheckpoint("m"));
    }

    @Test
    void theLogIsReadInOrderPerModelAndDeletedByTheCheckpoint() {
        for (long s = 0; s < 5; s++) {
            store.append("a", s, new WalEntry(WalEntry.Kind.EXAMPLE, 1, 100 + s, new double[] {s, -0.0},
                    new double[] {Double.MIN_VALUE}, -1));
            store.append("ab", s, WalEntry.batchAppliedEarly());
        }
        store.append("a", 5, new WalEntry(WalEntry.Kind.EXAMPLE, 1, 105, new double[] {1}, null, 3));
        List<KeyValue<Long, WalEntry>> log = store.logFrom("a", 2);
        assertEquals(List.of(2L, 3L, 4L, 5L), log.stream().map(kv -> kv.key).toList());
        assertEquals(102L, log.get(0).value.offset());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(log.get(0).value.x()[1]));
        assertEquals(3, log.get(3).value.classIndex());
        store.writeCheckpoint("a", new byte[] {1}, 3, 0, Map.of(1, 103L), 0);
        assertEquals(List.of(4L, 5L), store.logFrom("a", 0).stream().map(kv -> kv.key).toList());
        assertEquals(5, store.logFrom("ab", 0).size(), "another model's log is untouched");
        assertEquals(1, store.checkpointWrites());
        assertEquals(11, store.walWrites());
    }
}
