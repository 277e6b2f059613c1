package dev.streamgrad.serde.snapshot;

import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The reader of the snapshot topic for a consumer that reads it in offset order (the demo, {@code export}): keeps the
 * latest value of each key of the tracked models (a tombstone deletes it), then assembles a model's latest snapshot
 * on request ({@link SnapshotTopicFormat#assemble}, chunks checked). Readers that have a table of the topic instead
 * (a state store) call {@link SnapshotTopicFormat#assemble} with their lookup.
 *
 * <p>A model's records all live in one partition, in the order written; feed each partition's records in offset
 * order (partitions may interleave). Holds the values it keeps (about one snapshot per tracked model). Not
 * thread-safe.
 */
public final class LatestSnapshots {
    private final Predicate<String> tracked;
    private final Map<String, byte[]> latest = new HashMap<>();
    private long records;

    private LatestSnapshots(Predicate<String> tracked) {
        this.tracked = tracked;
    }

    /** @return a reader that keeps every model of the topic */
    public static LatestSnapshots all() {
        return new LatestSnapshots(id -> true);
    }

    /** @return a reader that keeps only the records of one model (the others are counted and dropped) */
    public static LatestSnapshots of(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        return new LatestSnapshots(modelId::equals);
    }

    /**
     * Takes the next record of the topic.
     *
     * @param key the record key (UTF-8), or null (ignored)
     * @param value the record value, or null for a tombstone; kept, not copied, not modified
     * @return the model id if the record is under a tracked model id itself (a plain snapshot, a manifest or a
     *     tombstone: the model's latest snapshot may have changed; ask {@link #encoded}), else null (a chunk, an
     *     untracked model, no key)
     */
    public String accept(byte[] key, byte[] value) {
        records++;
        if (key == null) {
            return null;
        }
        String k = new String(key, StandardCharsets.UTF_8);
        String id = SnapshotTopicFormat.modelIdOf(k);
        if (!tracked.test(id)) {
            return null;
        }
        if (value == null) {
            latest.remove(k);
        } else {
            latest.put(k, value);
        }
        return k.equals(id) ? id : null;
    }

    /** @return the number of records accepted (tracked or not) */
    public long records() {
        return records;
    }

    /** @return the tracked model ids that have a value under the model id (sorted; a new set) */
    public Set<String> modelIds() {
        Set<String> ids = new TreeSet<>();
        for (String k : latest.keySet()) {
            if (SnapshotTopicFormat.modelIdOf(k).equals(k)) {
                ids.add(k);
            }
        }
        return ids;
    }

    /**
     * @return the model's latest encoded snapshot, assembled and checked if chunked; null if it has none (never
     *     written, or deleted by a tombstone)
     * @throws SnapshotChunkException if the latest manifest's chunks are missing, corrupt or of another snapshot
     */
    public byte[] encoded(String modelId) {
        return SnapshotTopicFormat.assemble(modelId, latest.get(modelId),
                chunkKey -> latest.get(new String(chunkKey, StandardCharsets.UTF_8)));
    }

    /**
     * @param decode turns the encoded snapshot into a value (e.g. a deserializer)
     * @return the decoded latest snapshot, or null if the model has none
     * @throws SnapshotChunkException as {@link #encoded}
     */
    public <T> T latest(String modelId, Function<byte[], T> decode) {
        byte[] bytes = encoded(modelId);
        return bytes == null ? null : decode.apply(bytes);
    }

    /**
     * @param deserializer the snapshot topic's value deserializer (not closed)
     * @param topic the topic name given to the deserializer
     * @return the model's latest {@code WeightSnapshot}, or null if it has none
     * @throws SnapshotChunkException as {@link #encoded}
     */
    public WeightSnapshot weightSnapshot(String modelId, Deserializer<WeightSnapshot> deserializer, String topic) {
        return latest(modelId, bytes -> deserializer.deserialize(topic, bytes));
    }

    /**
     * @return the model's latest state ({@link WeightSnapshots#toModelState}, exact), or null if it has none
     * @throws SnapshotChunkException as {@link #encoded}
     * @throws SnapshotFormatException if the snapshot does not describe a valid model state
     */
    public ModelState modelState(String modelId, Deserializer<WeightSnapshot> deserializer, String topic) {
        WeightSnapshot s = weightSnapshot(modelId, deserializer, topic);
        return s == null ? null : WeightSnapshots.toModelState(s);
    }

    @Override
    public String toString() {
        return "LatestSnapshots[" + latest.size() + " keys, " + records + " records]";
    }
}
