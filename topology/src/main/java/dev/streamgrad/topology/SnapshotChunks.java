package dev.streamgrad.topology;

import dev.streamgrad.serde.snapshot.SnapshotChunkException;
import dev.streamgrad.serde.snapshot.SnapshotTopicFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The Kafka Streams side of the snapshot-topic layout, whose one home is {@link SnapshotTopicFormat} (serde):
 * records as {@link KeyValue}s and a {@link StreamPartitioner} that puts every record of a model in the model id's
 * partition. The static helpers are {@link SnapshotTopicFormat}'s, kept here until the topology's readers call
 * serde directly.
 */
public final class SnapshotChunks {
    /** Default chunk size: {@link SnapshotTopicFormat#DEFAULT_CHUNK_BYTES}. */
    public static final int DEFAULT_CHUNK_BYTES = SnapshotTopicFormat.DEFAULT_CHUNK_BYTES;

    private final SnapshotTopicFormat format;

    /** @param chunkBytes the largest slice of snapshot bytes in one record (positive) */
    public SnapshotChunks(int chunkBytes) {
        this.format = new SnapshotTopicFormat(chunkBytes);
    }

    /** A snapshot that cannot be assembled ({@link SnapshotChunkException} under the type topology callers catch). */
    public static final class ChunkException extends SnapshotChunkException {
        private static final long serialVersionUID = 1L;

        ChunkException(SnapshotChunkException cause) {
            super(cause);
        }
    }

    /** @see SnapshotTopicFormat#split */
    public List<KeyValue<byte[], byte[]>> split(String modelId, long version, byte[] encoded, int previousChunks) {
        List<KeyValue<byte[], byte[]>> out = new ArrayList<>();
        for (SnapshotTopicFormat.SnapshotRecord r : format.split(modelId, version, encoded, previousChunks)) {
            out.add(KeyValue.pair(r.key(), r.value()));
        }
        return out;
    }

    /** @see SnapshotTopicFormat#chunkCount */
    public int chunkCount(int length) {
        return format.chunkCount(length);
    }

    /**
     * @see SnapshotTopicFormat#assemble
     * @throws ChunkException if a chunk is missing, belongs to another snapshot, or the length or CRC32 is wrong
     */
    public static byte[] assemble(String modelId, byte[] value, Function<byte[], byte[]> lookup) {
        try {
            return SnapshotTopicFormat.assemble(modelId, value, lookup);
        } catch (SnapshotChunkException e) {
            throw new ChunkException(e);
        }
    }

    /** @see SnapshotTopicFormat#isManifest */
    public static boolean isManifest(byte[] value) {
        return SnapshotTopicFormat.isManifest(value);
    }

    /** @see SnapshotTopicFormat#isChunk */
    public static boolean isChunk(byte[] value) {
        return SnapshotTopicFormat.isChunk(value);
    }

    /** @see SnapshotTopicFormat#chunkKey */
    public static byte[] chunkKey(String modelId, int i) {
        return SnapshotTopicFormat.chunkKey(modelId, i);
    }

    /** @see SnapshotTopicFormat#modelIdOf(byte[]) */
    public static String modelIdOf(byte[] key) {
        return SnapshotTopicFormat.modelIdOf(key);
    }

    /** @return a partitioner sending every record of a model to {@link SnapshotTopicFormat#partition} */
    public static StreamPartitioner<byte[], Object> partitioner() {
        return new StreamPartitioner<>() {
            @Override
            public Optional<Set<Integer>> partitions(String topic, byte[] key, Object value, int numPartitions) {
                return Optional.of(Set.of(SnapshotTopicFormat.partition(key, numPartitions)));
            }
        };
    }

    @Override
    public String toString() {
        return "SnapshotChunks[" + format.chunkBytes() + " bytes]";
    }
}
