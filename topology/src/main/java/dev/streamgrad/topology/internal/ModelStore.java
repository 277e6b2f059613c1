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
 * serialised model state split into chunks, plus a header with the chunk count, total length, CRC32, the last
 * write-ahead-log sequence the checkpoint covers and the last learned source partition/offset) and a
 * write-ahead log of the entries learned since (key = model id + 8-byte big-endian sequence).
 *
 * <p>Keys are {@code kind byte | int length | UTF-8 model id | suffix}, so that one model's log is one key range.
 * Not thread-safe: one instance per task.
 */
public final class ModelStore {
    /** Default maximum chunk size: well under Kafka's default 1 MB record limit. */
    public static final int DEFAULT_CHUNK_BYTES = 512 * 1024;

    private static final byte HEADER = 'H';
    private static final byte CHUNK = 'C';
    private static final byte WAL = 'W';
    private static final byte FORMAT = 1;

    private final KeyValueStore<Bytes, byte[]> store;
    private final int chunkBytes;
    private long checkpointWrites;
    private long walWrites;

    /**
     * @param store      the store; not closed by this class
     * @param chunkBytes the maximum bytes of one checkpoint chunk
     */
    public ModelStore(KeyValueStore<Bytes, byte[]> store, int chunkBytes) {
        this.store = Objects.requireNonNull(store, "store");
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    /**
     * A model's checkpoint as read back.
     *
     * @param state         the serialised model state
     * @param coveredSeq    the last log sequence whose effect is in {@code state} (-1 if none)
     * @param lastOffsets   the source offset of the last learned event, per source partition
     * @param chunkCount    the number of chunks it was stored in
     */
    public record Checkpoint(byte[] state, long coveredSeq, Map<Integer, Long> lastOffsets, int chunkCount) { }

    /**
     * @param modelId the model
     * @return its checkpoint, or null if it has none
     * @throws IllegalStateException if a chunk is missing or the CRC does not match
     */
    public Checkpoint readCheckpoint(String modelId) {
        byte[] header = store.get(key(HEADER, modelId, 0));
        if (header == null) {
            return null;
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        byte format = h.get();
        if (format != FORMAT) {
            throw new IllegalStateException("model '" + modelId + "': unknown checkpoint format " + format);
        }
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
            byte[] chunk = store.get(key(CHUNK, modelId, i));
            if (chunk == null) {
                throw new IllegalStateException("model '" + modelId + "': checkpoint chunk " + i + " of " + chunks
                        + " is missing");
            }
            out.write(chunk, 0, chunk.length);
        }
        byte[] state = out.toByteArray();
        CRC32 c = new CRC32();
        c.update(state);
        if (state.length != total || c.getValue() != crc) {
            throw new IllegalStateException("model '" + modelId + "': checkpoint is corrupt (" + state.length
                    + " bytes, expected " + total + "; CRC " + c.getValue() + ", expected " + crc + ")");
        }
        return new Checkpoint(state, covered, lastOffsets, chunks);
    }

    /**
     * Writes a checkpoint, then deletes the log entries it covers.
     *
     * @param modelId        the model
     * @param state          the serialised model state; not modified
     * @param coveredSeq     the last log sequence whose effect is in {@code state}
     * @param firstLiveSeq   the first log sequence still stored (entries {@code firstLiveSeq..coveredSeq} are
     *                       deleted)
     * @param lastOffsets    the source offset of the last learned event per source partition; not modified
     * @param oldChunkCount  the chunk count of the previous checkpoint (extra chunks are deleted), 0 if none
     * @return the chunk count of the new checkpoint
     */
    public int writeCheckpoint(String modelId, byte[] state, long coveredSeq, long firstLiveSeq,
                               Map<Integer, Long> lastOffsets, int oldChunkCount) {
        int chunks = Math.max(1, (state.length + chunkBytes - 1) / chunkBytes);
        for (int i = 0; i < chunks; i++) {
            int from = i * chunkBytes;
            int to = Math.min(state.length, from + chunkBytes);
            byte[] chunk = new byte[to - from];
            System.arraycopy(state, from, chunk, 0, chunk.length);
            store.put(key(CHUNK, modelId, i), chunk);
        }
        for (int i = chunks; i < oldChunkCount; i++) {
            store.delete(key(CHUNK, modelId, i));
        }
        CRC32 c = new CRC32();
        c.update(state);
        ByteBuffer h = ByteBuffer.allocate(1 + 4 + 4 + 8 + 8 + 4 + 12 * lastOffsets.size());
        h.put(FORMAT).putInt(chunks).putInt(state.length).putLong(c.getValue()).putLong(coveredSeq)
                .putInt(lastOffsets.size());
        lastOffsets.forEach((p, o) -> h.putInt(p).putLong(o));
        store.put(key(HEADER, modelId, 0), h.array());
        for (long s = Math.max(0, firstLiveSeq); s <= coveredSeq; s++) {
            store.delete(key(WAL, modelId, s));
        }
        checkpointWrites++;
        return chunks;
    }

    /**
     * @param modelId the model
     * @param seq     the entry's sequence number (increasing per model)
     * @param entry   the entry
     */
    public void append(String modelId, long seq, WalEntry entry) {
        store.put(key(WAL, modelId, seq), entry.toBytes());
        walWrites++;
    }

    /**
     * @param modelId the model
     * @param fromSeq the first sequence to read
     * @return the stored entries from {@code fromSeq} on, in sequence order, each with its sequence
     */
    public List<KeyValue<Long, WalEntry>> logFrom(String modelId, long fromSeq) {
        List<KeyValue<Long, WalEntry>> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(WAL, modelId, Math.max(0, fromSeq)),
                key(WAL, modelId, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                byte[] k = kv.key.get();
                long seq = ByteBuffer.wrap(k, k.length - 8, 8).getLong();
                entries.add(KeyValue.pair(seq, WalEntry.fromBytes(kv.value)));
            }
        }
        return entries;
    }

    /** @return how many checkpoints this instance wrote (one model serialisation each) */
    public long checkpointWrites() {
        return checkpointWrites;
    }

    /** @return how many log entries this instance appended */
    public long walWrites() {
        return walWrites;
    }

    private static Bytes key(byte kind, String modelId, long suffix) {
        byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
        int suffixLength = kind == WAL ? 8 : kind == CHUNK ? 4 : 0;
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + id.length + suffixLength);
        b.put(kind).putInt(id.length).put(id);
        if (kind == WAL) {
            b.putLong(suffix);
        } else if (kind == CHUNK) {
            b.putInt((int) suffix);
        }
        return Bytes.wrap(b.array());
    }
}
