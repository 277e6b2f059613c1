package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** The snapshot chunk format: split, reassemble, and every way a set of chunks can be wrong. */
class SnapshotChunksTest {
    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        b[0] = 0;   // like the registry wire format
        return b;
    }

    /** A compacted topic: latest value per key (a null value deletes). */
    private static Map<Bytes, byte[]> apply(Map<Bytes, byte[]> topic, List<KeyValue<byte[], byte[]>> records) {
        for (KeyValue<byte[], byte[]> kv : records) {
            if (kv.value == null) {
                topic.remove(Bytes.wrap(kv.key));
            } else {
                topic.put(Bytes.wrap(kv.key), kv.value);
            }
        }
        return topic;
    }

    private static byte[] read(Map<Bytes, byte[]> topic, String modelId) {
        return SnapshotChunks.assemble(modelId, topic.get(Bytes.wrap(modelId.getBytes(StandardCharsets.UTF_8))),
                k -> topic.get(Bytes.wrap(k)));
    }

    @Test
    void aSmallSnapshotIsOnePlainRecord() {
        byte[] s = bytes(1000, 1);
        List<KeyValue<byte[], byte[]>> records = new SnapshotChunks(1000).split("m", 3, s, 0);
        assertEquals(1, records.size());
        assertArrayEquals("m".getBytes(StandardCharsets.UTF_8), records.get(0).key);
        assertSame(s, records.get(0).value);
        assertSame(s, SnapshotChunks.assemble("m", s, k -> null), "a plain value passes through");
        assertNull(SnapshotChunks.assemble("m", null, k -> null));
    }

    @Test
    void aLargeSnapshotIsSplitAndReassembledExactly() {
        byte[] s = bytes(10_001, 2);
        SnapshotChunks chunks = new SnapshotChunks(1000);
        List<KeyValue<byte[], byte[]>> records = chunks.split("dev#1", 7, s, 0);
        assertEquals(12, records.size(), "11 chunks, then the manifest");
        for (int i = 0; i < 11; i++) {
            assertEquals("dev#1#chunk-" + i, new String(records.get(i).key, StandardCharsets.UTF_8));
            assertTrue(SnapshotChunks.isChunk(records.get(i).value));
            assertTrue(records.get(i).value.length <= 1000 + 64);
            assertEquals("dev#1", SnapshotChunks.modelIdOf(records.get(i).key));
        }
        assertTrue(SnapshotChunks.isManifest(records.get(11).value));
        assertFalse(SnapshotChunks.isManifest(s));
        assertEquals("dev#1", new String(records.get(11).key, StandardCharsets.UTF_8));
        assertArrayEquals(s, read(apply(new HashMap<>(), records), "dev#1"));
        assertEquals(10, chunks.chunkCount(10_000));
        assertEquals(0, chunks.chunkCount(1000));
    }

    @Test
    void everyRecordOfAModelGoesToThePartitionOfItsId() {
        List<KeyValue<byte[], byte[]>> records = new SnapshotChunks(100).split("model-42", 1, bytes(1000, 3), 0);
        for (int partitions : new int[] {1, 3, 12}) {
            int expected = Utils.toPositive(Utils.murmur2("model-42".getBytes(StandardCharsets.UTF_8))) % partitions;
            for (KeyValue<byte[], byte[]> kv : records) {
                assertEquals(Set.of(expected), SnapshotChunks.partitioner()
                        .partitions("t", kv.key, kv.value, partitions).orElseThrow());
            }
        }
    }

    @Test
    void aCorruptChunkIsDetected() {
        Map<Bytes, byte[]> topic = apply(new HashMap<>(), new SnapshotChunks(1000).split("m", 1, bytes(5000, 4), 0));
        topic.get(Bytes.wrap(SnapshotChunks.chunkKey("m", 2)))[500] ^= 1;
        SnapshotChunks.ChunkException e = assertThrows(SnapshotChunks.ChunkException.class, () -> read(topic, "m"));
        assertTrue(e.getMessage().contains("CRC32"), e.getMessage());
        byte[] c3 = topic.get(Bytes.wrap(SnapshotChunks.chunkKey("m", 3)));
        topic.put(Bytes.wrap(SnapshotChunks.chunkKey("m", 3)), java.util.Arrays.copyOf(c3, c3.length - 1));
        assertThrows(SnapshotChunks.ChunkException.class, () -> read(topic, "m"));
    }

    @Test
    void aMissingChunkIsDetected() {
        Map<Bytes, byte[]> topic = apply(new HashMap<>(), new SnapshotChunks(1000).split("m", 1, bytes(5000, 5), 0));
        topic.remove(Bytes.wrap(SnapshotChunks.chunkKey("m", 4)));
        SnapshotChunks.ChunkException e = assertThrows(SnapshotChunks.ChunkException.class, () -> read(topic, "m"));
        assertTrue(e.getMessage().contains("chunk 4 of 5") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void chunksOfTheNextSnapshotBeforeItsManifestAreNotMixedIn() {
        SnapshotChunks chunks = new SnapshotChunks(1000);
        byte[] v1 = bytes(5000, 6);
        byte[] v2 = bytes(5000, 7);
        Map<Bytes, byte[]> topic = apply(new HashMap<>(), chunks.split("m", 10, v1, 0));
        List<KeyValue<byte[], byte[]>> next = chunks.split("m", 20, v2, 5);
        apply(topic, next.subList(0, 2));   // two chunks of version 20 arrived, the manifest still says 10
        SnapshotChunks.ChunkException e = assertThrows(SnapshotChunks.ChunkException.class, () -> read(topic, "m"));
        assertTrue(e.getMessage().contains("belongs to another snapshot (version 20")
                && e.getMessage().contains("the manifest is version 10"), e.getMessage());
        apply(topic, next.subList(2, next.size()));
        assertArrayEquals(v2, read(topic, "m"));
    }

    @Test
    void aSmallerSnapshotDeletesTheChunksItNoLongerUses() {
        SnapshotChunks chunks = new SnapshotChunks(1000);
        Map<Bytes, byte[]> topic = apply(new HashMap<>(), chunks.split("m", 1, bytes(5000, 8), 0));
        byte[] smaller = bytes(2500, 9);
        List<KeyValue<byte[], byte[]>> records = chunks.split("m", 2, smaller, 5);
        assertEquals(3 + 1 + 2, records.size(), "3 chunks, manifest, 2 tombstones");
        assertNull(records.get(5).value);
        assertArrayEquals(smaller, read(apply(topic, records), "m"));
        assertEquals(4, topic.size());
        byte[] plain = bytes(100, 10);
        assertArrayEquals(plain, read(apply(topic, chunks.split("m", 3, plain, 3)), "m"));
        assertEquals(1, topic.size(), "back to one plain record: every chunk key deleted");
    }

    @Test
    void aModelIdThatLooksLikeAChunkKeyOnlyLosesANumericSuffix() {
        assertEquals("a#chunk-x", SnapshotChunks.modelIdOf("a#chunk-x".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a#chunk-", SnapshotChunks.modelIdOf("a#chunk-".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a", SnapshotChunks.modelIdOf("a#chunk-12".getBytes(StandardCharsets.UTF_8)));
    }
}
