package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.topology.SnapshotChunks;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The latest snapshot of a model id in a global store fed by a snapshot topic (chunks assembled and checked), for
 * warm starts and for the scorer.
 */
final class SnapshotLookup {
    private final String storeName;
    private final ReadOnlyKeyValueStore<Bytes, byte[]> store;
    private final Deserializer<WeightSnapshot> snapshots;

    SnapshotLookup(String storeName, ReadOnlyKeyValueStore<Bytes, byte[]> store, Deserializer<WeightSnapshot> snapshots) {
        this.storeName = storeName;
        this.store = store;
        this.snapshots = snapshots;
    }

    /** @return the raw value under the model id (a snapshot or a manifest), or null; compared by identity */
    byte[] raw(String modelId) {
        return store.get(Bytes.wrap(modelId.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param modelId the model id
     * @param raw     {@link #raw} of it, not null
     * @return the snapshot
     * @throws SnapshotChunks.ChunkException if a chunked snapshot cannot be assembled
     */
    WeightSnapshot decode(String modelId, byte[] raw) {
        byte[] bytes = SnapshotChunks.assemble(modelId, raw, k -> store.get(Bytes.wrap(k)));
        return snapshots.deserialize(storeName, bytes);
    }

    /** @return the latest snapshot of the model id, or null if there is none */
    WeightSnapshot latest(String modelId) {
        byte[] raw = raw(modelId);
        return raw == null ? null : decode(modelId, raw);
    }
}
