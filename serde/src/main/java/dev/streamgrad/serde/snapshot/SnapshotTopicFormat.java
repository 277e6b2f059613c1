package dev.streamgrad.serde.snapshot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.apache.kafka.common.utils.Utils;

/**
 * The layout of the snapshot topic, in one place: a writer splits an encoded {@code WeightSnapshot} larger than a
 * chunk size into several records, and every reader assembles (and checks) it again. Used by the topology's snapshot
 * writer, the scorer, warm start, the demo and {@code export} ({@link LatestSnapshots} for readers that consume
 * the topic in offset order).
 *
 * <p>A snapshot of at most {@code chunkBytes} is one record: key = model id (UTF-8), value = the encoded snapshot.
 * A larger one is written, in this order, to the <b>same partition</b> (see {@link #partition(byte[], int)}):
 * <ol>
 *   <li>chunks: key {@code <modelId>#chunk-<i>}, value = {@code "SGSC"}, format, model version, CRC32 of the whole,
 *       index, count, then the bytes of the slice;</li>
 *   <li>the manifest: key = model id, value = {@code "SGSM"}, format, model version, chunk count, total length,
 *       CRC32 of the whole;</li>
 *   <li>tombstones of chunk keys the previous snapshot of the model used beyond the new count (when known).</li>
 * </ol>
 * Chunk keys are reused by every snapshot of a model, so a compacted topic keeps about one model's worth of chunks
 * per model. A manifest always follows its chunks in the partition, so a reader that has seen a manifest has seen its
 * chunks. A reader can see the chunks of the next snapshot before its manifest (in the same transaction, or when an
 * at-least-once writer crashed between them): each chunk names the snapshot (version and CRC32) it belongs to, so
 * such a mix is detected ({@link SnapshotChunkException}), never assembled. The values can never be mistaken for an
 * encoded snapshot: those begin with 0x00 (registry wire format) or 0xC3 0x01 (single-object encoding).
 *
 * <p>Immutable and thread-safe.
 */
public final class SnapshotTopicFormat {
    /** Default chunk size: 900 KB, under Kafka's default 1 MB record limit with room for key and headers. */
    public static final int DEFAULT_CHUNK_BYTES = 900 * 1024;
    /** What a chunk key adds to the model id, before the chunk index. */
    public static final String CHUNK_INFIX = "#chunk-";

    private static final byte[] MANIFEST_MAGIC = {'S', 'G', 'S', 'M'};
    private static final byte[] CHUNK_MAGIC = {'S', 'G', 'S', 'C'};
    private static final byte FORMAT = 1;
    private static final int MANIFEST_BYTES = 4 + 1 + 8 + 4 + 4 + 8;
    private static final int CHUNK_HEADER_BYTES = 4 + 1 + 8 + 8 + 4 + 4;

    private final int chunkBytes;

    /**
     * One record of the snapshot topic.
     *
     * @param key the key (UTF-8 model id or chunk key); owned by the record
     * @param value the value, or null for a tombstone
     */
    public record SnapshotRecord(byte[] key, byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SnapshotRecord r && Arrays.equals(key, r.key) && Arrays.equals(value, r.value);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return new String(key, StandardCharsets.UTF_8) + " -> "
                    + (value == null ? "tombstone" : value.length + " bytes");
        }
    }

    /** @param chunkBytes the largest slice of snapshot bytes in one record (positive) */
    public SnapshotTopicFormat(int chunkBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    /** @return the largest slice of snapshot bytes in one record */
    public int chunkBytes() {
        return chunkBytes;
    }

    /**
     * @param modelId        the model
     * @param version        the snapshot's model version (written into manifest and chunks)
     * @param encoded        the encoded WeightSnapshot; not modified
     * @param previousChunks the chunk count of the model's previous snapshot if known (its extra chunk keys are
     *                       deleted), else 0
     * @return the records to send, in order, all to the model id's partition; one record if the snapshot fits
     */
    public List<SnapshotRecord> split(String modelId, long version, byte[] encoded, int previousChunks) {
        List<SnapshotRecord> out = new ArrayList<>();
        byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
        int chunks = chunkCount(encoded.length);
        if (chunks == 0) {
            out.add(new SnapshotRecord(id, encoded));
        } else {
            long crc = crc(encoded, 0, encoded.length);
            for (int i = 0; i < chunks; i++) {
                int from = (int) Math.min((long) i * chunkBytes, encoded.length);
                int length = Math.min(chunkBytes, encoded.length - from);
                ByteBuffer b = ByteBuffer.allocate(CHUNK_HEADER_BYTES + length);
                b.put(CHUNK_MAGIC).put(FORMAT).putLong(version).putLong(crc).putInt(i).putInt(chunks)
                        .put(encoded, from, length);
                out.add(new SnapshotRecord(chunkKey(modelId, i), b.array()));
            }
            ByteBuffer m = ByteBuffer.allocate(MANIFEST_BYTES);
            m.put(MANIFEST_MAGIC).put(FORMAT).putLong(version).putInt(chunks).putInt(encoded.length).putLong(crc);
            out.add(new SnapshotRecord(id, m.array()));
        }
        for (int i = chunks; i < previousChunks; i++) {
            out.add(new SnapshotRecord(chunkKey(modelId, i), null));
        }
        return out;
    }

    /** @return the number of chunk records for a snapshot of this length; 0 if it is sent as one plain record */
    public int chunkCount(int length) {
        return length <= chunkBytes ? 0 : (int) ((length + (long) chunkBytes - 1) / chunkBytes);
    }

    /**
     * Assembles the latest snapshot of a model from the latest value of each key (a store, a table, a map).
     *
     * @param modelId the model
     * @param value   the value stored under the model id: an encoded snapshot or a manifest; may be null
     * @param lookup  the value stored under a key (a chunk key), or null if there is none
     * @return the encoded snapshot (the value itself if it is not a manifest), or null if {@code value} is null
     * @throws SnapshotChunkException if a chunk is missing, belongs to another snapshot, or the length or CRC32 is
     *     wrong
     */
    public static byte[] assemble(String modelId, byte[] value, Function<byte[], byte[]> lookup) {
        if (value == null || !isManifest(value)) {
            return value;
        }
        ByteBuffer m = ByteBuffer.wrap(value);
        if (value.length != MANIFEST_BYTES || m.position(4).get() != FORMAT) {
            throw new SnapshotChunkException(modelId, "unknown manifest format (" + value.length + " bytes)");
        }
        long version = m.getLong();
        int chunks = m.getInt();
        int total = m.getInt();
        long crc = m.getLong();
        if (chunks < 1 || total < 0) {
            throw new SnapshotChunkException(modelId, "bad manifest: " + chunks + " chunks, " + total + " bytes");
        }
        byte[] out = new byte[total];
        int at = 0;
        for (int i = 0; i < chunks; i++) {
            byte[] c = lookup.apply(chunkKey(modelId, i));
            if (c == null) {
                throw new SnapshotChunkException(modelId, "chunk " + i + " of " + chunks + " (version " + version
                        + ") is missing");
            }
            ByteBuffer b = ByteBuffer.wrap(c);
            if (c.length < CHUNK_HEADER_BYTES || !startsWith(c, CHUNK_MAGIC) || b.position(4).get() != FORMAT) {
                throw new SnapshotChunkException(modelId, "chunk " + i + " is not a chunk record");
            }
            long cVersion = b.getLong();
            long cCrc = b.getLong();
            int index = b.getInt();
            int count = b.getInt();
            if (cVersion != version || cCrc != crc || index != i || count != chunks) {
                throw new SnapshotChunkException(modelId, "chunk " + i + " belongs to another snapshot (version "
                        + cVersion + ", chunk " + index + " of " + count + ", CRC " + cCrc + "); the manifest is"
                        + " version " + version + ", " + chunks + " chunks, CRC " + crc);
            }
            int length = c.length - CHUNK_HEADER_BYTES;
            if (at + length > total) {
                throw new SnapshotChunkException(modelId, "chunks hold more than the manifest's " + total + " bytes");
            }
            System.arraycopy(c, CHUNK_HEADER_BYTES, out, at, length);
            at += length;
        }
        if (at != total) {
            throw new SnapshotChunkException(modelId, "chunks hold " + at + " bytes, the manifest says " + total);
        }
        long actual = crc(out, 0, total);
        if (actual != crc) {
            throw new SnapshotChunkException(modelId, "CRC32 " + actual + " of the assembled bytes, expected " + crc);
        }
        return out;
    }

    /** @return true if the value is a chunked snapshot's manifest */
    public static boolean isManifest(byte[] value) {
        return value != null && startsWith(value, MANIFEST_MAGIC);
    }

    /** @return true if the value is a chunk of a chunked snapshot */
    public static boolean isChunk(byte[] value) {
        return value != null && startsWith(value, CHUNK_MAGIC);
    }

    /** @return the key of chunk {@code i} of a model's snapshot: {@code <modelId>#chunk-<i>} in UTF-8 */
    public static byte[] chunkKey(String modelId, int i) {
        return (modelId + CHUNK_INFIX + i).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param key a key of the snapshot topic (UTF-8)
     * @return the model id it belongs to: the key without a {@code #chunk-<i>} suffix
     */
    public static String modelIdOf(byte[] key) {
        return modelIdOf(new String(key, StandardCharsets.UTF_8));
    }

    /** @see #modelIdOf(byte[]) */
    public static String modelIdOf(String key) {
        int at = key.lastIndexOf(CHUNK_INFIX);
        if (at >= 0 && at + CHUNK_INFIX.length() < key.length()
                && key.substring(at + CHUNK_INFIX.length()).chars().allMatch(Character::isDigit)) {
            return key.substring(0, at);
        }
        return key;
    }

    /**
     * @param key a key of the snapshot topic
     * @param numPartitions the topic's partition count
     * @return the partition of every record of the key's model: the one Kafka's default partitioner gives the model
     *     id itself, so a plain snapshot lands where it always did
     */
    public static int partition(byte[] key, int numPartitions) {
        byte[] id = modelIdOf(key).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(id)) % numPartitions;
    }

    private static boolean startsWith(byte[] value, byte[] magic) {
        if (value.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (value[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static long crc(byte[] b, int from, int length) {
        CRC32 c = new CRC32();
        c.update(b, from, length);
        return c.getValue();
    }

    @Override
    public String toString() {
        return "SnapshotTopicFormat[" + chunkBytes + " bytes]";
    }
}
