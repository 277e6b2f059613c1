package dev.streamgrad.topology.internal;

import dev.streamgrad.model.ParameterMixing;
import dev.streamgrad.serde.snapshot.SnapshotTopicFormat;
import dev.streamgrad.topology.LearnerOutput;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One replica of the replicated mode's model, and, on replica 0, the merger: synchronous rounds of iterative parameter
 * mixing through the sync topic, decided by the input alone.
 *
 * <p><b>A round.</b> Replica p (the task of input partition p; the sync topic is a second source of the same
 * sub-topology, so its partition p is read by the same task) learns from its partition. When
 * {@code sync.every.updates} updates have been made since its last round (and no micro-batch is pending), it
 * publishes a CONTRIBUTION (round r, p, weight = events learned since the last round, θ) to sync partition 0. From
 * then on it <b>holds</b> its labeled events: each is predicted at once with the unchanged model, and kept in the store.
 * The merger (replica 0's task) stores the contributions of round r; when all R are in, it computes
 * {@link ParameterMixing#weightedAverage} (summed in replica order) and writes the AVERAGE of round r once to each
 * sync partition. Replica p, reading it, adopts θ̄ (its optimiser state, scaler and counters stay its own), asks for a
 * checkpoint, and learns its held events in order (publishing round r+1 as soon as it is due again, which holds the
 * rest). So each replica's sequence of states is a function of its partition's events and the averages, and each
 * average a function of the replicas' contributions: no thread timing enters.
 *
 * <p><b>Pipelined rounds</b> ({@code streamgrad.sync.staleness=1}, {@link StaleRound}): a replica does not hold after
 * publishing round r; it keeps learning, and at its next round point ({@code sync.every.updates} updates later)
 * applies the average of round r as θ̄_r + (θ_now − θ_r^pub), then publishes round r+1 with the result. An average
 * that arrives earlier waits (in the store) for that point; if it has not arrived by then, the replica holds from that
 * point until it does, as in the synchronous rounds. Either way the point where an average enters is fixed by the
 * replica's update count, so the result is again a function of the input alone.
 *
 * <p><b>Crash safety.</b> The round state and the held events are written at each commit (with the journal), the
 * merger's contributions and the chunks of messages being assembled when they arrive: all in the model store, so
 * under exactly-once they are in the transaction of the offsets they reflect. A round is adopted once: an average of
 * another round than the one the replica waits for is dead-lettered, as is a second contribution of a replica.
 *
 * <p><b>Bad sync records</b> (truncated, bad CRC, unknown format, a key that is not a sync id, another partition's
 * message, a stale or future round, a wrong replica count or parameter count, non-finite values, weight &lt; 1) are
 * dead-lettered (SYNC_INVALID) and change nothing. A well-formed message forged by someone who can write the sync
 * topic cannot be told from a replica's: protect it (ACLs) like the changelog topics.
 *
 * <p>The parts: a replica's rounds here, its held events in {@link ReplicaHold}, the merger in {@link SyncMerger},
 * the checks of a sync record's contents in {@link SyncChecks}. Not thread-safe: one per task.
 */
final class SyncRounds {
    /** What the learner does for the rounds. */
    interface Host {
        /** Learns a held event now (the live path, without a new prediction). */
        void learnHeld(LiveModel live, WalEntry e);

        /** The model adopted an average: checkpoint it (and on replica 0, snapshot it). */
        void adopted(LiveModel live);
    }

    private final SyncSettings settings;
    private final int index;
    private final ReplicaStore store;
    private final SyncRecords records;
    private final ProcessorContext<byte[], LearnerOutput> context;
    private final Host host;
    private final RoundSensors sensors;
    private final SyncChecks checks;
    private final ReplicaHold held;
    private final SyncMerger merger;
    /** Staleness 1: θ_pub and an early average; null with synchronous rounds. */
    private final StaleRound stale;
    private ReplicaStore.State persisted;
    private long published;
    private long adopted;
    private long updatesAtRound;
    private long eventsAtRound;
    private long publishedAtMs;
    /** The timestamp of the record being processed: the sync records it causes carry it. */
    private long timestamp;

    /**
     * Restores the replica's state from the store.
     *
     * @param settings the replicated mode's settings
     * @param context  the task's context: its partition is the replica index (must be below R)
     * @param store    the model store's records of this mode
     * @param host     the learner
     * @throws IllegalStateException if the task's partition is not below {@code streamgrad.sync.replicas}
     */
    SyncRounds(SyncSettings settings, ProcessorContext<byte[], LearnerOutput> context, ReplicaStore store, Host host) {
        this.settings = settings;
        this.index = context.taskId().partition();
        if (index >= settings.replicas()) {
            throw new IllegalStateException("task " + context.taskId() + " reads partition " + index + ", but "
                    + "streamgrad.sync.replicas is " + settings.replicas() + ": it must be the partition count of '"
                    + settings.inputTopic() + "' and '" + settings.syncTopic() + "'");
        }
        this.context = context;
        this.store = store;
        this.host = host;
        this.records = new SyncRecords(settings.chunkBytes());
        this.sensors = new RoundSensors(context, settings.syncTopic());
        this.stale = settings.staleness() > 0 ? new StaleRound(store, settings.chunkBytes()) : null;
        ReplicaStore.State s = store.state();
        persisted = s;
        published = s.published();
        adopted = s.adopted();
        updatesAtRound = s.updatesAtRound();
        eventsAtRound = s.eventsAtRound();
        this.checks = new SyncChecks(settings, store);
        this.held = new ReplicaHold(settings, store, sensors, s);
        this.merger = new SyncMerger(settings, store, checks, sensors, this::send, this::writeState, s.averaged());
    }

    /** @return this replica's index (its input partition) */
    int index() {
        return index;
    }

    /** @return true if this replica emits the model's snapshots (replica 0, once per adopted round) */
    boolean snapshots() {
        return index == 0;
    }

    /**
     * Notes the timestamp of the record being processed. The sync records it causes carry it, so that a task, which
     * picks the partition whose next record has the smallest timestamp, takes a sync record about when its own input
     * reaches the same time (with a later timestamp, e.g. the wall clock, a sync record would wait behind all the
     * older input already in the topic). It decides nothing: the hold makes the result independent of that order.
     */
    void seen(long recordTimestamp) {
        timestamp = Math.max(0, recordTimestamp);
    }

    /** @return true if the record came from the sync topic */
    boolean isSync(String topic) {
        return settings.syncTopic().equals(topic);
    }

    /**
     * @param live the model
     * @return true if the replica holds its labeled events: it published a round whose average it has not adopted
     *         yet (with staleness 1: and it reached its next round point, where it must apply that average)
     */
    boolean holding(LiveModel live) {
        return stale == null ? published > adopted : published > adopted && due(live);
    }

    /** @return true at a round point: {@code sync.every.updates} updates since the last round, no pending batch */
    private boolean due(LiveModel live) {
        return live.batch.isEmpty() && live.model.events() - eventsAtRound >= 1
                && live.model.updates() - updatesAtRound >= settings.everyUpdates();
    }

    /**
     * Holds a labeled event until the average of the published round arrives.
     *
     * @param e the event; kept, not modified
     * @throws Rejection HOLD_FULL if the held events would exceed {@code streamgrad.sync.max.held.bytes}
     */
    void hold(WalEntry e) throws Rejection {
        held.hold(e, index, published);
    }

    /**
     * Publishes the replica's contribution if a round is due: {@code sync.every.updates} updates since the last one,
     * no pending micro-batch, not holding. With staleness 1 it first applies the average of the previous round if it
     * arrived, and else holds from here.
     *
     * @param live the model (modified with staleness 1 when an average is applied)
     */
    void afterUpdate(LiveModel live) {
        if (!due(live)) {
            return;
        }
        if (published > adopted) {
            if (stale == null || !stale.hasAverage()) {
                return;   // holding
            }
            rebase(live, published, null);
        }
        publish(live);
    }

    private void publish(LiveModel live) {
        long weight = live.model.events() - eventsAtRound;
        double[] theta = new double[live.model.parameterCount()];
        live.model.copyParameters(theta);
        published++;
        updatesAtRound = live.model.updates();
        eventsAtRound = live.model.events();
        if (stale != null) {
            stale.published(theta);
        }
        send(0, new SyncMessage(SyncMessage.Kind.CONTRIBUTION, published, index, settings.replicas(), weight, theta));
        publishedAtMs = context.currentSystemTimeMs();
    }

    private void send(int partition, SyncMessage m) {
        for (SnapshotTopicFormat.SnapshotRecord r : records.split(partition, m)) {
            context.forward(new Record<>(r.key(), new LearnerOutput.Synced(r.value()), timestamp));
            sensors.sent(r.key().length + r.value().length);
        }
    }

    /**
     * Takes a record of the sync topic: stores a chunk; stores a contribution (merger), averaging the round when all
     * are in; adopts an average and learns the held events.
     *
     * @param record the sync record; not modified
     * @param model  gives the model (loaded if needed)
     * @throws Rejection SYNC_INVALID if the record is not a sync record this replica waits for (nothing changed)
     */
    void onSync(Record<byte[], byte[]> record, Supplier<LiveModel> model) throws Rejection {
        SyncRecords.Id id = SyncRecords.id(record.key());
        byte[] value = record.value();
        if (value == null) {
            throw SyncMessage.invalid("a sync record without a value");
        }
        expected(id);
        LiveModel live = model.get();
        int n = live.model.parameterCount();
        int maxChunks = Math.max(1, new SnapshotTopicFormat(settings.chunkBytes()).chunkCount(
                SyncMessage.sizeInBytes(n)));
        if (SnapshotTopicFormat.isChunk(value)) {
            int i = SyncChecks.chunkIndex(record.key(), id);
            if (i < 0 || i >= maxChunks) {
                throw SyncMessage.invalid("a chunk under key '" + id.text() + "' #" + i + ": a message of " + n
                        + " parameters has chunks 0.." + (maxChunks - 1));
            }
            store.putChunk(record.key(), value);
            return;
        }
        SyncMessage m;
        try {
            m = checks.checked(SyncMessage.fromBytes(checks.assemble(id, value)), id, n);
        } catch (Rejection r) {
            if (SnapshotTopicFormat.isManifest(value)) {
                store.deleteChunks(id.text(), maxChunks);
            }
            throw r;
        }
        if (m.kind() == SyncMessage.Kind.CONTRIBUTION) {
            merger.contributed(m, value);
        } else {
            store.deleteChunks(id.text(), maxChunks);
            if (stale == null) {
                adopt(live, m);
            } else if (holding(live)) {   // it waited at its round point: apply, publish the next round, go on
                rebase(live, m.round(), m.theta());
                publish(live);
                release(live);
            } else {
                stale.arrived(m.theta());   // applied at the replica's next round point
            }
        }
    }

    /** @throws Rejection if this replica does not wait for a message of this id */
    private void expected(SyncRecords.Id id) throws Rejection {
        if (id.partition() != index) {
            throw SyncMessage.invalid("a message for sync partition " + id.partition() + " read by replica " + index);
        }
        if (id.kind() == SyncMessage.Kind.CONTRIBUTION) {
            merger.expected(id, index);
        } else if (!awaits() || id.round() != published || id.replica() != index) {
            throw SyncMessage.invalid("an average of round " + id.round() + " for replica " + id.replica()
                    + ": replica " + index + " " + (awaits() ? "waits for round " + published
                    : "waits for no average (last adopted: round " + adopted + (stale != null && stale.hasAverage()
                    ? ", the average of round " + published + " is here" : "") + ")"));
        }
    }

    /** @return true if the replica waits for the average of its last published round */
    private boolean awaits() {
        return published > adopted && (stale == null || !stale.hasAverage());
    }

    private void adopt(LiveModel live, SyncMessage m) {
        live.model.setParameters(m.theta());   // checked: the right count, finite
        adopted(live, m.round());
        release(live);
    }

    /** Staleness 1: θ ← θ̄ + (θ_now − θ_pub), with theta as θ̄, or the early average if theta is null. */
    private void rebase(LiveModel live, long round, double[] theta) {
        double[] now = new double[live.model.parameterCount()];
        live.model.copyParameters(now);
        live.model.setParameters(stale.apply(theta, now));
        adopted(live, round);
    }

    private void adopted(LiveModel live, long round) {
        adopted = round;
        live.changedSinceSnapshot = true;
        host.adopted(live);
        sensors.adopted(context.currentSystemTimeMs() - publishedAtMs);
    }

    /** Learns the held events in order, until the replica holds again (a later round) or none is left. */
    private void release(LiveModel live) {
        while (!holding(live) && !held.isEmpty()) {
            WalEntry e = held.release();
            host.learnHeld(live, e);   // may publish the next round, which holds the rest
        }
    }

    /** Writes what changed since the last commit: the round state, new held events, and deletes released ones. */
    void persist() {
        long nextHeld = held.nextHeld();
        held.persist(persisted);
        ReplicaStore.State now = state(nextHeld);
        if (!now.equals(persisted)) {
            store.writeState(now);
            persisted = now;
        }
        if (stale != null) {
            stale.persist();
        }
        held.measure();
    }

    private ReplicaStore.State state(long nextHeld) {
        return new ReplicaStore.State(published, adopted, updatesAtRound, eventsAtRound, merger.averaged(),
                held.firstHeld(), nextHeld);
    }

    private void writeState() {
        // Only the merger's counter changes here; the rest is written as it was at the last commit.
        persisted = new ReplicaStore.State(persisted.published(), persisted.adopted(), persisted.updatesAtRound(),
                persisted.eventsAtRound(), merger.averaged(), persisted.firstHeld(), persisted.nextHeld());
        store.writeState(persisted);
    }

    void close() {
        sensors.close();
    }
}
