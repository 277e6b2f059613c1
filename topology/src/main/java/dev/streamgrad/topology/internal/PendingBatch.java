package dev.streamgrad.topology.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A model's micro-batch while it fills: the logged entries (in log order) and, for the events seen by this task
 * since the model was loaded, their input records (for dead letters). After a restore or a reload the records of
 * the replayed entries are unknown (null): a refused one is dead-lettered with its source coordinates only.
 */
final class PendingBatch {
    private final List<WalEntry> entries = new ArrayList<>();
    private final List<Record<byte[], byte[]>> records = new ArrayList<>();
    private long firstSeq = -1;
    private long firstTimestamp;

    /**
     * @param e      the entry; kept, not modified
     * @param seq    its log sequence
     * @param record its input record, or null if unknown (replay); kept, not modified
     */
    void add(WalEntry e, long seq, Record<byte[], byte[]> record) {
        if (entries.isEmpty()) {
            firstSeq = seq;
            firstTimestamp = e.timestamp();
        }
        entries.add(e);
        records.add(record);
    }

    /** @return the entries, in order; a live view, not to be modified */
    List<WalEntry> entries() {
        return entries;
    }

    /** @return the input record of entry i, or null if unknown */
    Record<byte[], byte[]> record(int i) {
        return records.get(i);
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** @return the log sequence of the first entry (-1 if empty) */
    long firstSeq() {
        return firstSeq;
    }

    /**
     * @param streamTime the task's stream time (largest record timestamp seen)
     * @param maxAgeMs   {@code streamgrad.batch.max.age.ms}, > 0
     * @return true if the batch is not empty and its first event is at least maxAgeMs older than streamTime
     */
    boolean olderThan(long streamTime, long maxAgeMs) {
        return !entries.isEmpty() && streamTime - firstTimestamp >= maxAgeMs;
    }

    void clear() {
        entries.clear();
        records.clear();
        firstSeq = -1;
    }
}
