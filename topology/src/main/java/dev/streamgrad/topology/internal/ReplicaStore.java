package dev.streamgrad.topology.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The replicated mode's records in the model store, beside {@link ModelStore}'s (whose keys start with 'H', 'C' or
 * 'W'): the round state ({@code 'R'}), the held events ({@code 'h' | 8-byte sequence}), the merger's contributions of
 * the current round ({@code 'P' | 4-byte replica}: a whole sync message or its manifest) and the chunks of sync
 * messages being assembled ({@code 'S' | chunk key}). Written in the task's commit order, so under exactly-once they
 * reach the changelog in the transaction of the offsets they reflect. Not thread-safe: one per task.
 */
final class ReplicaStore {
    private static final byte STATE = 'R';
    private static final byte HELD = 'h';
    private static final byte CONTRIBUTION = 'P';
    private static final byte CHUNK = 'S';

    private final KeyValueStore<Bytes, byte[]> store;

    /**
     * The round state of a replica (and of the merger, on replica 0).
     *
     * @param published      the last round this replica published (0: none)
     * @param adopted        the last round whose average it adopted
     * @param updatesAtRound the model's update count when it last published
     * @param eventsAtRound  the model's event count when it last published
     * @param averaged       the merger's last averaged round
     * @param firstHeld      the sequence of the first held event
     * @param nextHeld       the sequence the next held event gets
     */
    record State(long published, long adopted, long updatesAtRound, long eventsAtRound, long averaged,
                 long firstHeld, long nextHeld) {
        static final State INITIAL = new State(0, 0, 0, 0, 0, 0, 0);

        byte[] toBytes() {
            return ByteBuffer.allocate(7 * 8).putLong(published).putLong(adopted).putLong(updatesAtRound)
                    .putLong(eventsAtRound).putLong(averaged).putLong(firstHeld).putLong(nextHeld).array();
        }

        static State fromBytes(byte[] b) {
            ByteBuffer in = ByteBuffer.wrap(b);
            return new State(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                    in.getLong());
        }
    }

    /** @param store the model store's key-value store; not closed by this class */
    ReplicaStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** @return the stored state, or {@link State#INITIAL} */
    State state() {
        byte[] b = store.get(Bytes.wrap(new byte[] {STATE}));
        return b == null ? State.INITIAL : State.fromBytes(b);
    }

    void writeState(State s) {
        store.put(Bytes.wrap(new byte[] {STATE}), s.toBytes());
    }

    private static Bytes heldKey(long seq) {
        return Bytes.wrap(ByteBuffer.allocate(9).put(HELD).putLong(seq).array());
    }

    /** @return the held events with sequences in [first, next), in order */
    List<WalEntry> held(long first, long next) {
        List<WalEntry> out = new ArrayList<>();
        for (long s = first; s < next; s++) {
            byte[] b = store.get(heldKey(s));
            if (b == null) {
                throw new IllegalStateException("held event " + s + " of [" + first + ", " + next + ") is missing "
                        + "from the model store");
            }
            out.add(WalEntry.fromBytes(b));
        }
        return out;
    }

    void putHeld(long seq, WalEntry e) {
        store.put(heldKey(seq), e.toBytes());
    }

    void deleteHeld(long seq) {
        store.delete(heldKey(seq));
    }

    private static Bytes contributionKey(int replica) {
        return Bytes.wrap(ByteBuffer.allocate(5).put(CONTRIBUTION).putInt(replica).array());
    }

    /** @return the stored record value of replica's contribution to the current round, or null */
    byte[] contribution(int replica) {
        return store.get(contributionKey(replica));
    }

    void putContribution(int replica, byte[] value) {
        store.put(contributionKey(replica), value);
    }

    void deleteContribution(int replica) {
        store.delete(contributionKey(replica));
    }

    private static Bytes chunkKey(byte[] recordKey) {
        return Bytes.wrap(ByteBuffer.allocate(1 + recordKey.length).put(CHUNK).put(recordKey).array());
    }

    /** @return the chunk stored under a sync record key, or null */
    byte[] chunk(byte[] recordKey) {
        return store.get(chunkKey(recordKey));
    }

    void putChunk(byte[] recordKey, byte[] value) {
        store.put(chunkKey(recordKey), value);
    }

    /** Deletes the chunks 0..count-1 of the message with this id. */
    void deleteChunks(String id, int count) {
        for (int i = 0; i < count; i++) {
            byte[] key = dev.streamgrad.serde.snapshot.SnapshotTopicFormat.chunkKey(id, i);
            if (store.get(chunkKey(key)) != null) {
                store.delete(chunkKey(key));
            }
        }
    }
}
