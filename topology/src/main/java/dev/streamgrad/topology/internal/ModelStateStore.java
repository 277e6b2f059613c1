package dev.streamgrad.topology.internal;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The model store: a changelogged, uncached {@code KeyValueStore<Bytes, byte[]>} (laid out by {@link ModelStore})
 * plus a hook that runs when the task commits, before the task's produced records are flushed and its offsets
 * committed (or its transaction committed, under exactly-once). The learner keeps what it learned since the last
 * commit in memory and writes it in that hook, so the store costs nothing per event and the writes still reach the
 * changelog together with the offsets of the events they contain.
 *
 * <p>Why an internal interface: Kafka Streams calls {@code StateStore#flush}/{@code commit} only after the offsets
 * (and, under exactly-once, not at every commit), too late for this. It calls
 * {@link CachedStateStore#flushCache()} from {@code StreamTask#prepareCommit}, before the record collector flush
 * and the offset or transaction commit (kafka-streams 4.3.1: {@code ProcessorStateManager#flushCache}). That
 * interface is internal, so a Kafka upgrade may break this: {@code CrashRecoveryIT} (kill -9 mid-stream, weights
 * compared bit for bit with a run without a crash) is the test that must then fail.
 *
 * <p>A processor gets this class itself from {@code context.getStateStore(name)} (Kafka Streams wraps only its own
 * store types in read-write decorators). Not thread-safe: one instance per task, used by the stream thread.
 */
public final class ModelStateStore implements StateStore, CachedStateStore<byte[], byte[]> {
    private final KeyValueStore<Bytes, byte[]> inner;
    private Runnable beforeCommit = () -> { };

    /** @param inner the changelogged key-value store, without caching (its cache would never be flushed) */
    public ModelStateStore(KeyValueStore<Bytes, byte[]> inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** @return the key-value store holding the models */
    public KeyValueStore<Bytes, byte[]> kv() {
        return inner;
    }

    /**
     * @param hook run at every commit of the task, before its output is flushed and its offsets committed; it may
     *             write to {@link #kv()}. Replaces the previous hook.
     */
    public void beforeCommit(Runnable hook) {
        this.beforeCommit = Objects.requireNonNull(hook, "hook");
    }

    /** Called by the task at each commit, before the offsets: runs the hook. */
    @Override
    public void flushCache() {
        beforeCommit.run();
    }

    /** Nothing to drop: what is not written yet is dropped with the task's processor on a dirty close. */
    @Override
    public void clearCache() {
    }

    /** No cache-flush listener: the model store forwards nothing downstream. */
    @Override
    public boolean setFlushListener(CacheFlushListener<byte[], byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        beforeCommit = () -> { };
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }
}
