package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.snapshot.SnapshotTopicFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The layout of the sync topic. A {@link SyncMessage} is sent as one record, or, when it is larger than the chunk
 * size, as chunk records and a manifest in the snapshot topic's layout ({@link SnapshotTopicFormat}, reused: same
 * chunk and manifest format, CRC32 over the whole message). Every record of a message is keyed by the message's id
 * {@code <partition>/<c|a>/<round>/<replica>} (chunks: plus {@code #chunk-<i>}), and goes to that partition: a
 * contribution to partition 0 (the merger's), an average to the partition of the replica it is addressed to.
 * Immutable; thread-safe.
 */
final class SyncRecords {
    private final SnapshotTopicFormat format;

    /** The parsed id of a sync record's key. */
    record Id(int partition, SyncMessage.Kind kind, long round, int replica) {
        String text() {
            return partition + "/" + (kind == SyncMessage.Kind.CONTRIBUTION ? 'c' : 'a') + "/" + round + "/" + replica;
        }
    }

    /** @param chunkBytes the largest slice of message bytes in one record */
    SyncRecords(int chunkBytes) {
        this.format = new SnapshotTopicFormat(chunkBytes);
    }

    /**
     * @param partition the sync partition the message goes to
     * @param m         the message
     * @return its records, in order (chunks, then the manifest; or the message itself)
     */
    List<SnapshotTopicFormat.SnapshotRecord> split(int partition, SyncMessage m) {
        Id id = new Id(partition, m.kind(), m.round(), m.replica());
        return format.split(id.text(), m.round(), m.toBytes(), 0);
    }

    /**
     * @param key a sync record's key
     * @return its id
     * @throws Rejection SYNC_INVALID if the key is not a sync record's
     */
    static Id id(byte[] key) throws Rejection {
        if (key == null) {
            throw SyncMessage.invalid("a sync record without a key");
        }
        String text = SnapshotTopicFormat.modelIdOf(key);
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 4 && (parts[1].equals("c") || parts[1].equals("a"))) {
                return new Id(Integer.parseInt(parts[0]), parts[1].equals("c") ? SyncMessage.Kind.CONTRIBUTION
                        : SyncMessage.Kind.AVERAGE, Long.parseLong(parts[2]), Integer.parseInt(parts[3]));
            }
        } catch (NumberFormatException e) {
            // falls through to the rejection
        }
        throw SyncMessage.invalid("not a sync record key: '" + abbreviate(text) + "'");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** @return a partitioner sending each sync record to the partition its key names */
    static StreamPartitioner<byte[], Object> partitioner() {
        return new StreamPartitioner<>() {
            @Override
            public Optional<Set<Integer>> partitions(String topic, byte[] key, Object value, int numPartitions) {
                String text = SnapshotTopicFormat.modelIdOf(new String(key, StandardCharsets.UTF_8));
                int p = Integer.parseInt(text.substring(0, text.indexOf('/')));
                if (p >= numPartitions) {
                    throw new IllegalStateException("sync record for partition " + p + " of '" + topic + "', which "
                            + "has " + numPartitions + " partitions (streamgrad.sync.replicas is wrong)");
                }
                return Optional.of(Set.of(p));
            }
        };
    }
}
