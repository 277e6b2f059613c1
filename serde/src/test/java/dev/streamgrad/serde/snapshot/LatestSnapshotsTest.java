package dev.streamgrad.serde.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.SnapshotTopicFormat.SnapshotRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The snapshot topic read in offset order: latest value per key, then assemble. Out-of-order chunks, a missing or
 * corrupt chunk, a newer manifest over an older one, the next snapshot's chunks before its manifest, tombstones.
 */
class LatestSnapshotsTest {
    private static final SnapshotTopicFormat FORMAT = new SnapshotTopicFormat(1000);

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        b[0] = 0;   // like the registry wire format
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> feed(LatestSnapshots reader, List<SnapshotRecord> records) {
        List<String> completed = new ArrayList<>();
        for (SnapshotRecord r : records) {
            String id = reader.accept(r.key(), r.value());
            if (id != null) {
                completed.add(id);
            }
        }
        return completed;
    }

    @Test
    void aPlainSnapshotIsItsValueAndOnlyModelIdKeysComplete() {
        byte[] s = bytes(800, 1);
        LatestSnapshots reader = LatestSnapshots.all();
        assertEquals(List.of("m"), feed(reader, FORMAT.split("m", 1, s, 0)));
        assertArrayEquals(s, reader.encoded("m"));
        assertNull(reader.encoded("other"));
        assertEquals(Set.of("m"), reader.modelIds());
    }

    @Test
    void chunksInAnyOrderAreAssembledWhenTheManifestComes() {
        byte[] s = bytes(5500, 2);
        List<SnapshotRecord> records = FORMAT.split("model-7", 4, s, 0);
        assertEquals(7, records.size(), "6 chunks and a manifest");
        List<SnapshotRecord> chunks = new ArrayList<>(records.subList(0, 6));
        Collections.shuffle(chunks, new Random(3));
        LatestSnapshots reader = LatestSnapshots.all();
        assertEquals(List.of(), feed(reader, chunks), "chunks complete nothing");
        assertEquals(Set.of(), reader.modelIds());
        assertEquals(List.of("model-7"), feed(reader, List.of(records.get(6))));
        assertArrayEquals(s, reader.encoded("model-7"));
    }

    @Test
    void aMissingChunkIsRefusedNamingIt() {
        List<SnapshotRecord> records = new ArrayList<>(FORMAT.split("m", 5, bytes(4500, 4), 0));
        records.remove(2);
        LatestSnapshots reader = LatestSnapshots.all();
        feed(reader, records);
        SnapshotChunkException e = assertThrows(SnapshotChunkException.class, () -> reader.encoded("m"));
        assertEquals("snapshot of model 'm': chunk 2 of 5 (version 5) is missing", e.getMessage());
    }

    @Test
    void aCorruptChunkIsRefusedByTheCrc() {
        List<SnapshotRecord> records = new ArrayList<>(FORMAT.split("m", 5, bytes(4500, 5), 0));
        byte[] corrupt = records.get(1).value().clone();
        corrupt[corrupt.length - 10] ^= 1;
        records.set(1, new SnapshotRecord(records.get(1).key(), corrupt));
        LatestSnapshots reader = LatestSnapshots.all();
        feed(reader, records);
        SnapshotChunkException e = assertThrows(SnapshotChunkException.class, () -> reader.encoded("m"));
        assertTrue(e.getMessage().contains("CRC32"), e.getMessage());

        List<SnapshotRecord> truncated = new ArrayList<>(FORMAT.split("m", 5, bytes(4500, 5), 0));
        truncated.set(3, new SnapshotRecord(truncated.get(3).key(), new byte[] {'S', 'G'}));
        LatestSnapshots other = LatestSnapshots.all();
        feed(other, truncated);
        e = assertThrows(SnapshotChunkException.class, () -> other.encoded("m"));
        assertTrue(e.getMessage().contains("chunk 3 is not a chunk record"), e.getMessage());
    }

    @Test
    void aNewerManifestSupersedesTheOlderAndItsExtraChunksAreDeleted() {
        byte[] v1 = bytes(5500, 6);
        byte[] v2 = bytes(2500, 7);
        LatestSnapshots reader = LatestSnapshots.all();
        feed(reader, FORMAT.split("m", 1, v1, 0));
        assertArrayEquals(v1, reader.encoded("m"));
        List<SnapshotRecord> second = FORMAT.split("m", 2, v2, FORMAT.chunkCount(v1.length));
        assertEquals(3 + 1 + 3, second.size(), "3 chunks, the manifest, 3 tombstones of chunks 3-5");
        assertEquals(List.of("m"), feed(reader, second));
        assertArrayEquals(v2, reader.encoded("m"));
        byte[] v3 = bytes(600, 8);
        feed(reader, FORMAT.split("m", 3, v3, FORMAT.chunkCount(v2.length)));
        assertArrayEquals(v3, reader.encoded("m"), "a plain snapshot after chunked ones");
    }

    /** The next snapshot's chunks are read before its manifest: the mix is detected, never assembled. */
    @Test
    void chunksOfTheNextSnapshotUnderTheOldManifestAreDetected() {
        LatestSnapshots reader = LatestSnapshots.all();
        feed(reader, FORMAT.split("m", 1, bytes(3500, 9), 0));
        List<SnapshotRecord> next = FORMAT.split("m", 2, bytes(3500, 10), 0);
        feed(reader, next.subList(0, 2));
        SnapshotChunkException e = assertThrows(SnapshotChunkException.class, () -> reader.encoded("m"));
        assertTrue(e.getMessage().contains("belongs to another snapshot (version 2"), e.getMessage());
        feed(reader, next.subList(2, next.size()));
        assertArrayEquals(bytes(3500, 10), reader.encoded("m"));
    }

    @Test
    void tombstonesDeleteTheModelOrAChunk() {
        LatestSnapshots reader = LatestSnapshots.all();
        feed(reader, FORMAT.split("a", 1, bytes(2500, 11), 0));
        feed(reader, FORMAT.split("b", 1, bytes(500, 12), 0));
        assertEquals(Set.of("a", "b"), reader.modelIds());
        assertEquals("b", reader.accept(utf8("b"), null), "a tombstone of the model id completes (a deletion)");
        assertNull(reader.encoded("b"));
        assertEquals(Set.of("a"), reader.modelIds());
        assertNull(reader.accept(SnapshotTopicFormat.chunkKey("a", 1), null));
        SnapshotChunkException e = assertThrows(SnapshotChunkException.class, () -> reader.encoded("a"));
        assertTrue(e.getMessage().contains("chunk 1 of 3"), e.getMessage());
        assertNull(reader.accept(null, bytes(10, 1)), "a record without a key is ignored");
        assertEquals(4 + 1 + 3, reader.records(), "3 chunks and a manifest, a plain record, 3 more");
    }

    @Test
    void aReaderOfOneModelKeepsOnlyItsRecords() {
        LatestSnapshots reader = LatestSnapshots.of("a");
        List<String> completed = new ArrayList<>();
        completed.addAll(feed(reader, FORMAT.split("b", 1, bytes(2500, 13), 0)));
        completed.addAll(feed(reader, FORMAT.split("a#chunk-x", 1, bytes(100, 14), 0)));
        completed.addAll(feed(reader, FORMAT.split("a", 1, bytes(2500, 15), 0)));
        assertEquals(List.of("a"), completed);
        assertEquals(Set.of("a"), reader.modelIds());
        assertNull(reader.encoded("b"));
        assertArrayEquals(bytes(2500, 15), reader.encoded("a"));
    }

    @Test
    void theLatestModelStateComesBackBitForBit() {
        Model model = Model.create(NetworkSpec.builder().layers("20,40:tanh,3:softmax").loss("cross_entropy")
                .optimizer(OptimizerSpec.adam(0.01, 0.9, 0.999, 1e-8)).build());
        model.learn(new double[20], 1, null);
        ModelState state = model.state();
        try (Serde<WeightSnapshot> serde = StreamgradSerdes.singleObject(WeightSnapshot.class)) {
            byte[] encoded = serde.serializer().serialize("snaps", WeightSnapshots.fromModelState("m",
                    Instant.EPOCH, state, Map.of()));
            List<SnapshotRecord> records = FORMAT.split("m", state.updates(), encoded, 0);
            assertTrue(records.size() > 2, "chunked: " + records.size() + " records");
            LatestSnapshots reader = LatestSnapshots.all();
            feed(reader, records);
            assertEquals(state, reader.modelState("m", serde.deserializer(), "snaps"));
            assertEquals("m", reader.weightSnapshot("m", serde.deserializer(), "snaps").getModelId());
            assertNull(reader.modelState("none", serde.deserializer(), "snaps"));
        }
    }

    @Test
    void everyRecordOfAModelGoesToTheModelIdsPartition() {
        for (SnapshotRecord r : FORMAT.split("model-42", 1, bytes(5000, 16), 8)) {
            for (int partitions : new int[] {1, 3, 12}) {
                assertEquals(SnapshotTopicFormat.partition(utf8("model-42"), partitions),
                        SnapshotTopicFormat.partition(r.key(), partitions), r.toString());
            }
        }
    }
}
