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
 * messages being assembled ({@code 'S' | chunk key}); with staleness 1, the parameters of the last published round
 * ({@code 'Q'}) and an average that arrived before it is applied ({@code 'A'}), each as a header (the length) and
 * chunks ({@code tag | 4-byte chunk}). Written in the task's commit order, so under exactly-once they
 * reach the changelog in the transaction of the offsets they reflect. Not thread-safe: one per task.
 */
final class ReplicaStore {
    private static final byte STATE = 'R';
    private static final byte HELD = 'h';
    private static final byte CONTRIBUTION = 'P';
    private static final byte CHUNK = 'S';
    private static final byte PUBLISHED = 'Q';
    private static final byte AVERAGE = 'A';

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

    /** Staleness 1: stores θ_pub, the parameters of the last published round, in chunks of at most chunkBytes. */
    void putPublished(double[] theta, int chunkBytes) {
        putVector(PUBLISHED, theta, chunkBytes);
    }

    /** @return the stored θ_pub, or null */
    double[] published() {
        return vector(PUBLISHED);
    }

    /** Staleness 1: stores an average that arrived before the replica's next round. */
    void putAverage(double[] theta, int chunkBytes) {
        putVector(AVERAGE, theta, chunkBytes);
    }

    /** @return the stored early average, or null */
    double[] average() {
        return vector(AVERAGE);
    }

    void deleteAverage() {
        byte[] h = store.get(Bytes.wrap(new byte[] {AVERAGE}));
        if (h != null) {
            int chunks = ByteBuffer.wrap(h).getInt(4);
            for (int i = 0; i < chunks; i++) {
                store.delete(vectorChunkKey(AVERAGE, i));
            }
            store.delete(Bytes.wrap(new byte[] {AVERAGE}));
        }
    }

    private static Bytes vectorChunkKey(byte tag, int i) {
        return Bytes.wrap(ByteBuffer.allocate(5).put(tag).putInt(i).array());
    }

    /** Header {@code n | chunks}; chunk i holds doubles [i·per, min(n, (i+1)·per)). A vector's n never changes. */
    private void putVector(byte tag, double[] v, int chunkBytes) {
        int per = Math.max(1, chunkBytes / 8);
        int chunks = (v.length + per - 1) / per;
        for (int i = 0; i < chunks; i++) {
            int from = i * per;
            int to = Math.min(v.length, from + per);
            ByteBuffer b = ByteBuffer.allocate(8 * (to - from));
            b.asDoubleBuffer().put(v, from, to - from);
            store.put(vectorChunkKey(tag, i), b.array());
        }
        store.put(Bytes.wrap(new byte[] {tag}), ByteBuffer.allocate(8).putInt(v.length).putInt(chunks).array());
    }

    private double[] vector(byte tag) {
        byte[] h = store.get(Bytes.wrap(new byte[] {tag}));
        if (h == null) {
            return null;
        }
        ByteBuffer header = ByteBuffer.wrap(h);
        double[] v = new double[header.getInt()];
        int chunks = header.getInt();
        int at = 0;
        for (int i = 0; i < chunks; i++) {
            byte[] c = store.get(vectorChunkKey(tag, i));
            if (c == null || at + c.length / 8 > v.length) {
                throw new IllegalStateException("chunk " + i + " of the replica's vector '" + (char) tag
                        + "' is missing or too long in the model store");
            }
            ByteBuffer.wrap(c).asDoubleBuffer().get(v, at, c.length / 8);
            at += c.length / 8;
        }
        if (at != v.length) {
            throw new IllegalStateException("the replica's vector '" + (char) tag + "' has " + at + " of " + v.length
                    + " values in the model store");
        }
        return v;
    }
}
