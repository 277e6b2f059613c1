package dev.streamgrad.topology.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The models' write-ahead log and checkpoint policy over the {@link ModelStore}. Entries are appended in memory;
 * the models with news are written at each commit ({@link ModelStateStore#beforeCommit}, before the offsets), when
 * the task holds {@link #MAX_UNLOGGED_BYTES} of unwritten entries, when a model leaves the cache, and at close. A
 * write is the new log entries, or a checkpoint once one is due, after the entries it does not cover (a pending
 * micro-batch). {@link ModelStore} says why this order keeps every prefix of the writes consistent, so writing
 * before a commit is always safe. Not thread-safe: one per task.
 */
final class Journal {
    /** Log bytes a task may hold in memory between commits before it writes them early. */
    static final long MAX_UNLOGGED_BYTES = 16L << 20;

    private final ModelStore store;
    private final int checkpointEveryEvents;
    private final LearnerSensors sensors;
    /** The models with unwritten entries or a due checkpoint: a commit visits only these. */
    private final Set<LiveModel> dirty = new LinkedHashSet<>();
    private long unloggedBytes;

    /**
     * @param store                 the model store
     * @param checkpointEveryEvents K, or -1: checkpoint once the log is as large as the model
     * @param sensors               counts checkpoints
     */
    Journal(ModelStore store, int checkpointEveryEvents, LearnerSensors sensors) {
        this.store = store;
        this.checkpointEveryEvents = checkpointEveryEvents;
        this.sensors = sensors;
    }

    /** @return the store */
    ModelStore store() {
        return store;
    }

    /**
     * Gives the entry the model's next log sequence; it is written at the next commit (or earlier).
     *
     * @param e kept, not modified
     * @return the entry's sequence
     */
    long append(LiveModel live, WalEntry e) {
        LogState log = live.log;
        log.unlogged.add(e);
        int bytes = e.sizeInBytes();
        log.unloggedBytes += bytes;
        unloggedBytes += bytes;
        dirty.add(live);
        long seq = log.nextSeq++;
        if (unloggedBytes >= MAX_UNLOGGED_BYTES) {
            // Only bounds the memory a long commit interval would take (writing early is safe).
            persistAll();
        }
        return seq;
    }

    /** Asks for a checkpoint of the model at the next write. */
    void requestCheckpoint(LiveModel live) {
        live.log.checkpointDue = true;
        dirty.add(live);
    }

    /** Writes every model's news to the store. */
    void persistAll() {
        for (LiveModel live : dirty) {
            write(live);
        }
        dirty.clear();
    }

    /** Writes the model's news: before it leaves the cache, so that it reloads exactly as it is. */
    void persist(LiveModel live) {
        if (dirty.remove(live)) {
            write(live);
        }
    }

    /** Forgets every model (close); what is not written is dropped (a dirty close: the store holds the rest). */
    void clear() {
        dirty.clear();
        unloggedBytes = 0;
    }

    private void write(LiveModel live) {
        LogState log = live.log;
        if (log.unlogged.isEmpty() && !log.checkpointDue) {
            return;
        }
        boolean checkpoint = checkpointDue(log);
        long first = log.firstUnloggedSeq();
        long covered = checkpoint ? live.appliedSeq() : first - 1;
        int skip = (int) Math.max(0, Math.min(log.unlogged.size(), covered + 1 - first));
        List<WalEntry> rest = log.unlogged.subList(skip, log.unlogged.size());
        if (!rest.isEmpty()) {
            store.appendLog(live.id, first + skip, rest);
            log.loggedBytes += bytes(rest);
        }
        if (checkpoint) {
            byte[] state = ModelFactory.toBytes(live.model);
            log.checkpoint = store.writeCheckpoint(live.id, state, covered, log.lastOffsets, log.checkpoint);
            log.stateBytes = state.length;
            log.eventsSinceCheckpoint = live.batch.size();
            log.loggedBytes = bytes(live.batch.entries());
            log.checkpointDue = false;
            sensors.checkpoint();
        }
        unloggedBytes -= log.unloggedBytes;
        log.unloggedBytes = 0;
        log.unlogged.clear();
    }

    /**
     * @return true if the model is to be serialised now: it is new or was asked to, or K events were learned since
     *     its checkpoint, or (automatic K) the log since its checkpoint has grown as large as the model
     */
    private boolean checkpointDue(LogState log) {
        if (log.checkpointDue) {
            return true;
        }
        if (checkpointEveryEvents > 0) {
            return log.eventsSinceCheckpoint >= checkpointEveryEvents;
        }
        return log.loggedBytes + log.unloggedBytes >= log.stateBytes;
    }

    /**
     * Reads a model's log from its checkpoint on.
     *
     * @return the entries with sequences from {@code fromSeq}, in order
     */
    List<org.apache.kafka.streams.KeyValue<Long, WalEntry>> logFrom(String modelId, long fromSeq) {
        return store.logFrom(modelId, fromSeq);
    }

    static long bytes(List<WalEntry> entries) {
        long sum = 0;
        for (WalEntry e : entries) {
            sum += e.sizeInBytes();
        }
        return sum;
    }
}
