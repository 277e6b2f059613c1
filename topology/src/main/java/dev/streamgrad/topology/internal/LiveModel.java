package dev.streamgrad.topology.internal;

import dev.streamgrad.model.Model;

/** One model as held in memory by its task: the model, its running metrics, its log bookkeeping and micro-batch. */
final class LiveModel {
    final String id;
    final Model model;
    final RunningMetrics metrics;
    final LogState log = new LogState();
    final PendingBatch batch = new PendingBatch();
    /** True if the model was created by this task (not restored): its first snapshot is due. */
    final boolean created;
    long versionAtLastSnapshot;
    boolean changedSinceSnapshot;

    LiveModel(String id, Model model, RunningMetrics metrics, boolean created) {
        this.id = id;
        this.model = model;
        this.metrics = metrics;
        this.created = created;
    }

    /** @return the last log sequence whose effect is in the model (the pending batch is not) */
    long appliedSeq() {
        return batch.isEmpty() ? log.nextSeq - 1 : batch.firstSeq() - 1;
    }
}
