package dev.streamgrad.topology.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The layout of models in a changelogged {@code KeyValueStore<Bytes, byte[]>}: per model a checkpoint (the
 * serialised model state split into chunks, plus a header with the checkpoint number, chunk count, total length,
 * CRC32, the last write-ahead-log sequence the checkpoint covers and the last learned source offset per partition)
 * and a write-ahead log of the entries learned since, in segments (key = model id + the 8-byte big-endian sequence
 * of the segment's first entry).
 *
 * <p><b>Every prefix of the writes is a consistent store.</b> The changelog of an uncached store receives the writes
 * in call order, and a crash can cut that sequence anywhere (under at-least-once nothing undoes the cut; under
 * exactly-once the cut is inside an aborted transaction). So a checkpoint never overwrites the keys of the one it
 * replaces: its chunks go under its own number, the header (one key per model) is written after them and switches to
 * them, and only then are the previous checkpoint's chunks and the log segments it covers deleted. Log segments are
 * written before the checkpoint that may cover part of them. Whatever prefix survives, the header names complete
 * chunks and the log continues exactly where the checkpoint stops.
 *
 * <p>Keys are {@code kind byte | int length | UTF-8 model id | suffix}, so that one model's log is one key range.
 * Not thread-safe: one instance per task.
 */
final class ModelStore {
    /** Default maximum chunk (and log segment) size: well under Kafka's default 1 MB record limit. */
    public static final int DEFAULT_CHUNK_BYTES = 512 * 1024;

    private static final byte HEADER = 'H';
    private static final byte CHUNK = 'C';
    private static final byte WAL = 'W';
    private static final byte FORMAT = 2;

    private final KeyValueStore<Bytes, byte[]> store;
    private final int chunkBytes;
    private long checkpointWrites;
    private long segmentWrites;

    /**
     * @param store      the store; not closed by this class
     * @param chunkBytes the maximum bytes of one checkpoint chunk or log segment (a segment holds at least one
     *                   entry, however large)
     */
    ModelStore(KeyValueStore<Bytes, byte[]> store, int chunkBytes) {
        this.store = Objects.requireNonNull(store, "store");
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    /**
     * A model's checkpoint as read back.
     *
     * @param number      the checkpoint's number (increasing per model)
     * @param state       the serialised model state
     * @param coveredSeq  the last log sequence whose effect is in {@code state} (-1 if none)
     * @param lastOffsets the source offset of the last learned event, per source partition
     * @param chunkCount  the number of chunks it was stored in
     */
    public record Checkpoint(long number, byte[] state, long coveredSeq, Map<Integer, Long> lastOffsets,
                             int chunkCount) { }

    /**
     * @param modelId the model
     * @return its checkpoint, or null if it has none
     * @throws IllegalStateException if a chunk is missing or the CRC does not match
     */
    public Checkpoint readCheckpoint(String modelId) {
        byte[] header = store.get(key(HEADER, modelId, 0, 0));
        if (header == null) {
            return null;
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        byte format = h.get();
        if (format != FORMAT) {
            throw new IllegalStateException("model '" + modelId + "': unknown checkpoint format " + format);
        }
        long number = h.getLong();
        int chunks = h.getInt();
        int total = h.getInt();
        long crc = h.getLong();
        long covered = h.getLong();
        int partitions = h.getInt();
        Map<Integer, Long> lastOffsets = new HashMap<>();
        for (int i = 0; i < partitions; i++) {
            lastOffsets.put(h.getInt(), h.getLong());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = store.get(key(CHUNK, modelId, number, i));
            if (chunk == null) {
                throw new IllegalStateException("model '" + modelId + "': chunk " + i + " of " + chunks
                        + " of checkpoint " + number + " is missing");
            }
            out.write(chunk, 0, chunk.length);
        }
        byte[] state = out.toByteArray();
        CRC32 c = new CRC32();
        c.update(state);
        if (state.length != total || c.getValue() != crc) {
            throw new IllegalStateException("model '" + modelId + "': checkpoint " + number + " is corrupt ("
                    + state.length + " bytes, expected " + total + "; CRC " + c.getValue() + ", expected " + crc + ")");
        }
        return new Checkpoint(number, state, covered, lastOffsets, chunks);
    }

    /**
     * Writes checkpoint {@code previous.number + 1} (chunks, then the header that switches to them), then deletes the
     * previous checkpoint's chunks and every log segment whose entries all have sequences {@code <= coveredSeq}.
     *
     * @param modelId     the model
     * @param state       the serialised model state; not modified
     * @param coveredSeq  the last log sequence whose effect is in {@code state} (-1 if none)
     * @param lastOffsets the source offset of the last learned event per source partition; not modified
     * @param previous    the model's current checkpoint (only its number and chunk count are used), or null if none
     * @return the new checkpoint, without its state (null) and offsets (empty): for the next call's
     *     {@code previous}
     */
    public Checkpoint writeCheckpoint(String modelId, byte[] state, long coveredSeq, Map<Integer, Long> lastOffsets,
                                      Checkpoint previous) {
        long number = previous == null ? 0 : previous.number() + 1;
        int chunks = Math.max(1, (state.length + chunkBytes - 1) / chunkBytes);
        for (int i = 0; i < chunks; i++) {
            int from = i * chunkBytes;
            int to = Math.min(state.length, from + chunkBytes);
            byte[] chunk = new byte[to - from];
            System.arraycopy(state, from, chunk, 0, chunk.length);
            store.put(key(CHUNK, modelId, number, i), chunk);
        }
        CRC32 c = new CRC32();
        c.update(state);
        ByteBuffer h = ByteBuffer.allocate(1 + 8 + 4 + 4 + 8 + 8 + 4 + 12 * lastOffsets.size());
        h.put(FORMAT).putLong(number).putInt(chunks).putInt(state.length).putLong(c.getValue()).putLong(coveredSeq)
                .putInt(lastOffsets.size());
        lastOffsets.forEach((p, o) -> h.putInt(p).putLong(o));
        store.put(key(HEADER, modelId, 0, 0), h.array());
        if (previous != null) {
            for (int i = 0; i < previous.chunkCount(); i++) {
                store.delete(key(CHUNK, modelId, previous.number(), i));
            }
        }
        deleteLogThrough(modelId, coveredSeq);
        checkpointWrites++;
        return new Checkpoint(number, null, coveredSeq, Map.of(), chunks);
    }

    /**
     * Appends entries to a model's log, in segments of at most the chunk size (at least one entry each).
     *
     * @param modelId  the model
     * @param firstSeq the sequence of {@code entries.get(0)}; the others follow one by one
     * @param entries  the entries, in sequence order; not modified
     */
    public void appendLog(String modelId, long firstSeq, List<WalEntry> entries) {
        int i = 0;
        while (i < entries.size()) {
            List<byte[]> segment = new ArrayList<>();
            int bytes = 4;
            do {
                byte[] e = entries.get(i + segment.size()).toBytes();
                segment.add(e);
                bytes += 4 + e.length;
            } while (i + segment.size() < entries.size()
                    && bytes + 4 + entries.get(i + segment.size()).sizeInBytes() <= chunkBytes);
            ByteBuffer b = ByteBuffer.allocate(bytes).putInt(segment.size());
            segment.forEach(e -> b.putInt(e.length).put(e));
            store.put(key(WAL, modelId, firstSeq + i, 0), b.array());
            segmentWrites++;
            i += segment.size();
        }
    }

    /**
     * @param modelId the model
     * @param fromSeq the first sequence to return
     * @return the logged entries from {@code fromSeq} on, in sequence order, each with its sequence
     */
    public List<KeyValue<Long, WalEntry>> logFrom(String modelId, long fromSeq) {
        List<KeyValue<Long, WalEntry>> entries = new ArrayList<>();
        forEachSegment(modelId, (first, value) -> {
            ByteBuffer b = ByteBuffer.wrap(value);
            int count = b.getInt();
            for (int i = 0; i < count; i++) {
                byte[] e = new byte[b.getInt()];
                b.get(e);
                if (first + i >= fromSeq) {
                    entries.add(KeyValue.pair(first + i, WalEntry.fromBytes(e)));
                }
            }
        });
        return entries;
    }

    private void deleteLogThrough(String modelId, long seq) {
        List<Bytes> covered = new ArrayList<>();
        forEachSegment(modelId, (first, value) -> {
            long last = first + ByteBuffer.wrap(value).getInt() - 1;
            if (last <= seq) {
                covered.add(key(WAL, modelId, first, 0));
            }
        });
        covered.forEach(store::delete);
    }

    private interface SegmentVisitor {
        void visit(long firstSeq, byte[] value);
    }

    private void forEachSegment(String modelId, SegmentVisitor visitor) {
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(WAL, modelId, 0, 0),
                key(WAL, modelId, Long.MAX_VALUE, 0))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                byte[] k = kv.key.get();
                visitor.visit(ByteBuffer.wrap(k, k.length - 8, 8).getLong(), kv.value);
            }
        }
    }

    /** @return how many checkpoints this instance wrote (one model serialisation each) */
    public long checkpointWrites() {
        return checkpointWrites;
    }

    /** @return how many log segments this instance wrote */
    public long segmentWrites() {
        return segmentWrites;
    }

    private static Bytes key(byte kind, String modelId, long number, int index) {
        byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
        int suffixLength = kind == WAL ? 8 : kind == CHUNK ? 12 : 0;
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + id.length + suffixLength);
        b.put(kind).putInt(id.length).put(id);
        if (kind != HEADER) {
            b.putLong(number);
        }
        if (kind == CHUNK) {
            b.putInt(index);
        }
        return Bytes.wrap(b.array());
    }
}
