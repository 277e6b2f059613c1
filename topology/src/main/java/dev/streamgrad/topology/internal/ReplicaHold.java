package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.DeadLetterReason;
import java.util.ArrayDeque;

/**
 * The labeled events a replica holds while it waits for the average of a round it published ({@link SyncRounds}), in
 * arrival order, numbered by a sequence, within {@code streamgrad.sync.max.held.bytes}, and written to the model store
 * at each commit. Not thread-safe: one per task.
 */
final class ReplicaHold {
    private final SyncSettings settings;
    private final ReplicaStore store;
    private final RoundSensors sensors;
    private final ArrayDeque<WalEntry> held = new ArrayDeque<>();
    private long heldBytes;
    private long firstHeld;

    /**
     * Restores the held events of a stored round state.
     *
     * @param state the stored round state: the sequences of the held events
     */
    ReplicaHold(SyncSettings settings, ReplicaStore store, RoundSensors sensors, ReplicaStore.State state) {
        this.settings = settings;
        this.store = store;
        this.sensors = sensors;
        firstHeld = state.firstHeld();
        for (WalEntry e : store.held(state.firstHeld(), state.nextHeld())) {
            held.add(e);
            heldBytes += e.sizeInBytes();
        }
    }

    /**
     * Holds a labeled event until the average of the published round arrives.
     *
     * @param e         the event; kept, not modified
     * @param index     the replica (for the message)
     * @param published the round whose average it waits for (for the message)
     * @throws Rejection HOLD_FULL if the held events would exceed {@code streamgrad.sync.max.held.bytes}
     */
    void hold(WalEntry e, int index, long published) throws Rejection {
        if (heldBytes + e.sizeInBytes() > settings.maxHeldBytes()) {
            sensors.holdFull();
            throw new Rejection(DeadLetterReason.HOLD_FULL, "replica " + index + " waits for the average of round "
                    + published + " and already holds " + held.size() + " events (" + heldBytes + " bytes, "
                    + "streamgrad.sync.max.held.bytes = " + settings.maxHeldBytes() + "): is a partition idle?",
                    null, null);
        }
        held.add(e);
        heldBytes += e.sizeInBytes();
    }

    /** @return true if no event is held */
    boolean isEmpty() {
        return held.isEmpty();
    }

    /** @return the oldest held event, no longer held (deleted from the store at the next persist); there must be one */
    WalEntry release() {
        WalEntry e = held.poll();
        firstHeld++;
        heldBytes -= e.sizeInBytes();
        return e;
    }

    /** @return the sequence of the first held event */
    long firstHeld() {
        return firstHeld;
    }

    /** @return the sequence the next held event gets */
    long nextHeld() {
        return firstHeld + held.size();
    }

    /**
     * Writes the new held events and deletes the released ones since the last commit.
     *
     * @param persisted the round state written at the last commit (its held sequences)
     */
    void persist(ReplicaStore.State persisted) {
        for (long s = persisted.firstHeld(); s < Math.min(firstHeld, persisted.nextHeld()); s++) {
            store.deleteHeld(s);
        }
        long from = Math.max(persisted.nextHeld(), firstHeld);
        int i = 0;
        for (WalEntry e : held) {
            if (firstHeld + i >= from) {
                store.putHeld(firstHeld + i, e);
            }
            i++;
        }
    }

    /** Records the held count and bytes. */
    void measure() {
        sensors.held(held.size(), heldBytes);
    }
}
