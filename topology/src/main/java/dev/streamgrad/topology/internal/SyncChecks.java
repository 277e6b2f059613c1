package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.snapshot.SnapshotChunkException;
import dev.streamgrad.serde.snapshot.SnapshotTopicFormat;
import java.nio.charset.StandardCharsets;

/**
 * The checks of a sync record's contents for {@link SyncRounds}: a chunk's key, the assembly of a chunked message
 * from the model store, and a message against its record's key, the replica count and the model. A record that fails
 * one is refused with {@link SyncMessage#invalid} (SYNC_INVALID) and changes nothing.
 */
final class SyncChecks {
    private final SyncSettings settings;
    private final ReplicaStore store;

    /**
     * @param settings the replicated mode's settings
     * @param store    the model store's records of this mode (the chunks received so far)
     */
    SyncChecks(SyncSettings settings, ReplicaStore store) {
        this.settings = settings;
        this.store = store;
    }

    /** @return the chunk index in a chunk record's key, or -1 if it is not a chunk key of this id */
    static int chunkIndex(byte[] key, SyncRecords.Id id) {
        String k = new String(key, StandardCharsets.UTF_8);
        String prefix = id.text() + SnapshotTopicFormat.CHUNK_INFIX;
        if (!k.startsWith(prefix) || k.length() == prefix.length() || k.length() > prefix.length() + 9) {
            return -1;
        }
        try {
            return Integer.parseInt(k.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * @param id    the message's id
     * @param value the record's value: the message, or the manifest of its chunks in the store
     * @return the message's bytes
     * @throws Rejection if the chunks are missing or do not match the manifest
     */
    byte[] assemble(SyncRecords.Id id, byte[] value) throws Rejection {
        try {
            return SnapshotTopicFormat.assemble(id.text(), value, store::chunk);
        } catch (SnapshotChunkException e) {
            throw SyncMessage.invalid("cannot assemble sync message " + id.text() + ": " + e.getMessage());
        }
    }

    /** @return m if it matches its record's id, the replica count and the model, with finite values */
    SyncMessage checked(SyncMessage m, SyncRecords.Id id, int n) throws Rejection {
        if (m.kind() != id.kind() || m.round() != id.round() || m.replica() != id.replica()) {
            throw SyncMessage.invalid(m + " under the key of " + id.text());
        }
        if (m.replicas() != settings.replicas() || m.weight() < 1 || m.theta().length != n) {
            throw SyncMessage.invalid(m + ": expected " + settings.replicas() + " replicas, weight ≥ 1 and " + n
                    + " parameters");
        }
        for (double v : m.theta()) {
            if (!Double.isFinite(v)) {
                throw SyncMessage.invalid(m + " holds a non-finite parameter");
            }
        }
        return m;
    }
}
