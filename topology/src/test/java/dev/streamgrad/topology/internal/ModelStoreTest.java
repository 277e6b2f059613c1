package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

    private static WalEntry example(long offset, double... x) {
        return new WalEntry(WalEntry.Kind.EXAMPLE, 1, offset, 7L, x, new double[] {Double.MIN_VALUE}, -1, 1.0);
    }

    private List<String> keyKinds() {
        List<String> kinds = new ArrayList<>();
        try (var it = kv.all()) {
            it.forEachRemaining(e -> kinds.add(String.valueOf((char) e.key.get()[0])));
        }
        return kinds;
    }

    @Test
    void aModelOverOneMegabyteIsSplitIntoChunksAndReassembled() {
        byte[] state = random(1_300_000, 1);
        ModelStore.Checkpoint first = store.writeCheckpoint("m", state, 41, Map.of(0, 99L, 3, 7L), null);
        assertEquals(3, first.chunkCount());
        assertEquals(0, first.number());
        ModelStore.Checkpoint cp = store.readCheckpoint("m");
        assertArrayEquals(state, cp.state());
        assertEquals(41, cp.coveredSeq());
        assertEquals(Map.of(0, 99L, 3, 7L), cp.lastOffsets());
        try (var it = kv.all()) {
            while (it.hasNext()) {
                var e = it.next();
                assertTrue(e.value.length <= ModelStore.DEFAULT_CHUNK_BYTES, "entry of " + e.value.length);
            }
        }
        // A smaller model later: the previous checkpoint's chunks go.
        byte[] small = random(10, 2);
        ModelStore.Checkpoint second = store.writeCheckpoint("m", small, 50, Map.of(), first);
        assertEquals(1, second.chunkCount());
        assertEquals(1, second.number());
        assertEquals(List.of("C", "H"), keyKinds(), "one chunk + the header");
        assertArrayEquals(small, store.readCheckpoint("m").state());
        assertNull(store.readCheckpoint("other"));
    }

    /**
     * A crash can cut the sequence of writes anywhere: replaying every prefix of the writes of a checkpoint into an
     * empty store must give either the old checkpoint with its whole log, or the new one.
     */
    @Test
    void everyPrefixOfTheWritesIsAConsistentStore() {
        List<KeyValue<Bytes, byte[]>> writes = new ArrayList<>();
        KeyValueStore<Bytes, byte[]> recording = RecordingStore.of(kv, writes);
        ModelStore s = new ModelStore(recording, 1000);
        byte[] v0 = random(2500, 4);
        ModelStore.Checkpoint c0 = s.writeCheckpoint("m", v0, -1, Map.of(), null);
        List<WalEntry> log = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            log.add(example(i, i, i + 0.5));
        }
        s.appendLog("m", 0, log.subList(0, 30));
        int before = writes.size();
        byte[] v1 = random(2600, 5);   // covers 0..24; 25..39 stay in the log
        s.appendLog("m", 30, log.subList(30, 40));
        s.writeCheckpoint("m", v1, 24, Map.of(1, 24L), c0);
        for (int cut = before; cut <= writes.size(); cut++) {
            KeyValueStore<Bytes, byte[]> replayed = memoryStore();
            writes.subList(0, cut).forEach(w -> replayed.put(w.key, w.value));   // null = delete
            ModelStore r = new ModelStore(replayed, 1000);
            ModelStore.Checkpoint cp = r.readCheckpoint("m");
            List<KeyValue<Long, WalEntry>> rest = r.logFrom("m", cp.coveredSeq() + 1);
            List<Long> seqs = rest.stream().map(e -> e.key).toList();
            long expectedFirst = cp.coveredSeq() + 1;
            assertEquals(expectedFirst, seqs.isEmpty() ? expectedFirst : seqs.get(0), "cut " + cut);
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "cut " + cut + ": a gap in the log");
            }
            assertArrayEquals(cp.number() == 0 ? v0 : v1, cp.state(), "cut " + cut);
            long end = expectedFirst + seqs.size() - 1;
            assertTrue(end == 29 || end == 39, "cut " + cut + ": the log ends at " + end);
            replayed.close();
        }
        long firstKept = s.logFrom("m", 0).get(0).key;
        assertTrue(firstKept > 0 && firstKept <= 25, "segments wholly covered are gone, the one holding 24 and 25 "
                + "stays: the log starts at " + firstKept);
        assertEquals(15, s.logFrom("m", 25).size());
    }

    @Test
    void aCorruptCheckpointIsDetected() {
        store.writeCheckpoint("m", random(2_000, 3), 0, Map.of(), null);
        try (var it = kv.all()) {
            while (it.hasNext()) {
                var e = it.next();
                if (e.key.get()[0] == 'C') {
                    e.value[10] ^= 1;
                    kv.put(e.key, e.value);
                }
            }
        }
        assertThrows(IllegalStateException.class, () -> store.readCheckpoint("m"));
    }

    @Test
    void theLogIsReadInOrderPerModelAndDeletedByTheCheckpoint() {
        List<WalEntry> a = new ArrayList<>();
        List<WalEntry> ab = new ArrayList<>();
        for (long s = 0; s < 5; s++) {
            a.add(new WalEntry(WalEntry.Kind.EXAMPLE, 1, 100 + s, 7L, new double[] {s, -0.0},
                    new double[] {Double.MIN_VALUE}, -1, 0.25));
            ab.add(WalEntry.batchAppliedEarly());
        }
        store.appendLog("a", 0, a.subList(0, 3));
        store.appendLog("a", 3, a.subList(3, 5));
        store.appendLog("ab", 0, ab);
        store.appendLog("a", 5, List.of(new WalEntry(WalEntry.Kind.EXAMPLE, 1, 105, 7L, new double[] {1}, null, 3, 1.0)));
        List<KeyValue<Long, WalEntry>> log = store.logFrom("a", 2);
        assertEquals(List.of(2L, 3L, 4L, 5L), log.stream().map(kv -> kv.key).toList());
        assertEquals(102L, log.get(0).value.offset());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(log.get(0).value.x()[1]));
        assertEquals(3, log.get(3).value.classIndex());
        store.writeCheckpoint("a", new byte[] {1}, 4, Map.of(1, 104L), null);
        assertEquals(List.of(5L), store.logFrom("a", 0).stream().map(kv -> kv.key).toList(),
                "segments wholly covered are deleted");
        assertEquals(5, store.logFrom("ab", 0).size(), "another model's log is untouched");
        assertEquals(1, store.checkpointWrites());
        assertEquals(4, store.segmentWrites());
    }

    @Test
    void segmentsStayUnderTheChunkSize() {
        ModelStore small = new ModelStore(kv, 300);
        List<WalEntry> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(example(i, new double[10]));   // 113 bytes each
        }
        small.appendLog("m", 7, entries);
        try (var it = kv.all()) {
            it.forEachRemaining(e -> assertTrue(e.value.length <= 300, e.value.length + " bytes"));
        }
        assertEquals(10, small.segmentWrites(), "two entries per segment");
        assertEquals(20, small.logFrom("m", 0).size());
        assertEquals(7L, small.logFrom("m", 0).get(0).key);
    }

    private static KeyValueStore<Bytes, byte[]> memoryStore() {
        KeyValueStore<Bytes, byte[]> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("replayed"),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
        s.init(new MockProcessorContext<>().getStateStoreContext(), s);
        return s;
    }
}
