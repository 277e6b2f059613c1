package dev.streamgrad.topology.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One model as held in memory by its task, with its bookkeeping against the model store. */
final class LiveModel {
    final String id;
    final OnlineModel model;
    final RunningMetrics metrics;
    /** Entries waiting for the micro-batch to fill (they are also in the log, or in {@link #unlogged}). */
    final List<WalEntry> pending = new ArrayList<>();
    /** Log entries not yet written to the store (written at the next commit, or earlier if memory runs short). */
    final List<WalEntry> unlogged = new ArrayList<>();
    /** Last learned source offset per source partition (at-least-once de-duplication). */
    final Map<Integer, Long> lastOffsets = new HashMap<>();
    /** The last checkpoint in the store (number and chunk count), or null if none was written yet. */
    ModelStore.Checkpoint checkpoint;
    /** True if the next write must be a checkpoint (new model, or the checkpoint punctuator asked for one). */
    boolean checkpointDue;
    long pendingFirstSeq = -1;
    long pendingSinceMs;
    /** The sequence the next log entry gets. */
    long nextSeq;
    long eventsSinceCheckpoint;
    /** Bytes of the log in the store after the checkpoint, and of {@link #unlogged}. */
    long loggedBytes;
    long unloggedBytes;
    long versionAtLastSnapshot;
    boolean changedSinceSnapshot;
    int stateBytes;

    LiveModel(String id, OnlineModel model, RunningMetrics metrics) {
        this.id = id;
        this.model = model;
        this.metrics = metrics;
    }

    /** @return the last log sequence whose effect is in the model (the pending batch is not) */
    long appliedSeq() {
        return pending.isEmpty() ? nextSeq - 1 : pendingFirstSeq - 1;
    }

    /** @return the sequence of {@code unlogged.get(0)} */
    long firstUnloggedSeq() {
        return nextSeq - unlogged.size();
    }
}
