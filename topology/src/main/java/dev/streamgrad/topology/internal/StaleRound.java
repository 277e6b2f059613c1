package dev.streamgrad.topology.internal;

import dev.streamgrad.model.ParameterMixing;

/**
 * The pipelined rounds' own state (staleness 1, {@link SyncRounds}): θ_pub, the parameters the replica published in
 * its last round, and the average of that round if it arrived before the replica is due to apply it.
 *
 * <p>A replica publishes round r at its r-th round point (every {@code sync.every.updates} updates), keeps learning,
 * and at its next round point applies the average as θ ← θ̄_r + (θ_now − θ_r^pub) ({@link ParameterMixing#rebase}): the
 * average of what all replicas had at round r, plus what this replica learned since. Then it publishes round r+1 with
 * that θ. The point where θ̄_r enters is fixed by the replica's own update count, not by when θ̄_r arrived, so the
 * result is a function of the input alone, as in the synchronous rounds.
 *
 * <p><b>Crash safety.</b> θ_pub is written at the commit (with the round state that says which round it belongs to);
 * an early average as it arrives (with the sync record's offset, like the merger's contributions), and deleted when
 * applied. So after a restart the same formula is applied to the same three vectors. Not thread-safe: one per task.
 */
final class StaleRound {
    private final ReplicaStore store;
    private final int chunkBytes;
    private double[] published;
    private double[] average;
    private boolean publishedWritten = true;

    /**
     * Restores θ_pub and an early average from the store.
     *
     * @param store      the replica's records in the model store
     * @param chunkBytes the largest value it writes for one vector chunk
     */
    StaleRound(ReplicaStore store, int chunkBytes) {
        this.store = store;
        this.chunkBytes = chunkBytes;
        this.published = store.published();
        this.average = store.average();
    }

    /** The replica published a round with these parameters (kept, not copied: the caller does not modify them). */
    void published(double[] theta) {
        published = theta;
        publishedWritten = false;
    }

    /** @return true if the average of the last published round arrived and waits for the replica's next round */
    boolean hasAverage() {
        return average != null;
    }

    /** Keeps (and stores) the average of the last published round until the replica's next round. */
    void arrived(double[] theta) {
        average = theta;
        store.putAverage(theta, chunkBytes);
    }

    /**
     * @param theta the average of the last published round, or null for the one that {@link #arrived}
     * @param now   the replica's parameters now; read, not kept
     * @return θ̄ + (now − θ_pub), a new vector; the early average, if any, is forgotten (and deleted from the store)
     * @throws IllegalStateException if no round was published, or theta is null and no average arrived
     */
    double[] apply(double[] theta, double[] now) {
        double[] avg = theta != null ? theta : average;
        if (published == null || avg == null) {
            throw new IllegalStateException("no published parameters or no average to apply");
        }
        if (average != null) {
            average = null;
            store.deleteAverage();
        }
        return ParameterMixing.rebase(avg, now, published);
    }

    /** Writes θ_pub if a round was published since the last commit. */
    void persist() {
        if (!publishedWritten) {
            store.putPublished(published, chunkBytes);
            publishedWritten = true;
        }
    }
}
