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
    /** Entries appended to the log, waiting for the micro-batch to fill. */
    final List<WalEntry> pending = new ArrayList<>();
    /** Last learned source offset per source partition (at-least-once de-duplication). */
    final Map<Integer, Long> lastOffsets = new HashMap<>();
    long pendingFirstSeq = -1;
    long pendingSinceMs;
    long nextSeq;
    long firstLiveSeq;
    int chunkCount;
    long eventsSinceCheckpoint;
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
}
