package dev.streamgrad.topology.internal;

import dev.streamgrad.model.ParameterMixing;
import dev.streamgrad.serde.snapshot.SnapshotTopicFormat;

/**
 * The merger of the replicated mode, on replica 0's task ({@link SyncRounds}): it stores the contributions of round
 * r in the model store as they arrive; when all R are in, it computes {@link ParameterMixing#weightedAverage} (summed
 * in replica order) and writes the AVERAGE of round r once to each sync partition. A contribution of another round, of
 * an unknown replica, or a second one of a replica, is refused. Not thread-safe: one per task.
 */
final class SyncMerger {
    /** Writes a message to a sync partition. */
    interface Sender {
        void send(int partition, SyncMessage m);
    }

    private final SyncSettings settings;
    private final ReplicaStore store;
    private final SyncChecks checks;
    private final RoundSensors sensors;
    private final Sender sender;
    /** Writes the round state with the new {@link #averaged()}, in the same commit as the merger's deletions. */
    private final Runnable writeState;
    private long averaged;

    /**
     * @param averaged   the last round averaged (from the stored round state)
     * @param writeState writes the round state with the new {@link #averaged()} (called once per round merged)
     */
    SyncMerger(SyncSettings settings, ReplicaStore store, SyncChecks checks, RoundSensors sensors, Sender sender,
               Runnable writeState, long averaged) {
        this.settings = settings;
        this.store = store;
        this.checks = checks;
        this.sensors = sensors;
        this.sender = sender;
        this.writeState = writeState;
        this.averaged = averaged;
    }

    /** @return the last round averaged (0 if none) */
    long averaged() {
        return averaged;
    }

    /**
     * @param id    a contribution's id
     * @param index the replica that read it
     * @throws Rejection if the merger does not wait for this contribution
     */
    void expected(SyncRecords.Id id, int index) throws Rejection {
        if (index != 0) {
            throw SyncMessage.invalid("a contribution read by replica " + index + " (only replica 0 merges)");
        }
        if (id.round() != averaged + 1 || id.replica() < 0 || id.replica() >= settings.replicas()) {
            throw SyncMessage.invalid("a contribution of round " + id.round() + " from replica " + id.replica()
                    + ": the merger collects round " + (averaged + 1) + " from replicas 0.."
                    + (settings.replicas() - 1));
        }
        if (store.contribution(id.replica()) != null) {
            throw SyncMessage.invalid("a second contribution of replica " + id.replica() + " to round "
                    + id.round());
        }
    }

    /** Stores a contribution (its record value: the message or its manifest; chunks stay) and averages if complete. */
    void contributed(SyncMessage m, byte[] value) throws Rejection {
        store.putContribution(m.replica(), value);
        int r = settings.replicas();
        for (int q = 0; q < r; q++) {
            if (store.contribution(q) == null) {
                return;
            }
        }
        long start = System.nanoTime();
        double[][] thetas = new double[r][];
        long[] weights = new long[r];
        long total = 0;
        int maxChunks = new SnapshotTopicFormat(settings.chunkBytes()).chunkCount(
                SyncMessage.sizeInBytes(m.theta().length));
        for (int q = 0; q < r; q++) {
            SyncMessage c = q == m.replica() ? m : SyncMessage.fromBytes(checks.assemble(
                    new SyncRecords.Id(0, SyncMessage.Kind.CONTRIBUTION, m.round(), q), store.contribution(q)));
            thetas[q] = c.theta();
            weights[q] = c.weight();
            total += c.weight();
        }
        double[] mean = ParameterMixing.weightedAverage(thetas, weights);
        for (int q = 0; q < r; q++) {
            store.deleteContribution(q);
            store.deleteChunks(new SyncRecords.Id(0, SyncMessage.Kind.CONTRIBUTION, m.round(), q).text(), maxChunks);
        }
        averaged = m.round();
        writeState.run();   // with the deletions above: a restore never sees a half-merged round
        for (int p = 0; p < r; p++) {
            sender.send(p, new SyncMessage(SyncMessage.Kind.AVERAGE, m.round(), p, r, total, mean));
        }
        sensors.merged(System.nanoTime() - start);
    }
}
