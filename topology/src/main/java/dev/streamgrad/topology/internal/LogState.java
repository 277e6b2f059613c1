package dev.streamgrad.topology.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One model's bookkeeping against the model store, kept by the {@link Journal}. */
final class LogState {
    /** Log entries not yet written to the store (written at the next commit, or earlier). */
    final List<WalEntry> unlogged = new ArrayList<>();
    /** Last learned source offset per source partition (at-least-once de-duplication). */
    final Map<Integer, Long> lastOffsets = new HashMap<>();
    /** The last checkpoint in the store (number and chunk count), or null if none was written yet. */
    ModelStore.Checkpoint checkpoint;
    /** True if the next write must be a checkpoint (new model, or the checkpoint punctuator asked for one). */
    boolean checkpointDue;
    /** The sequence the next log entry gets. */
    long nextSeq;
    long eventsSinceCheckpoint;
    /** Bytes of the log in the store after the checkpoint. */
    long loggedBytes;
    /** Bytes of {@link #unlogged}. */
    long unloggedBytes;
    /** Bytes of the last checkpoint (or the factory's estimate before the first). */
    int stateBytes;

    /** @return the sequence of {@code unlogged.get(0)} */
    long firstUnloggedSeq() {
        return nextSeq - unlogged.size();
    }
}
