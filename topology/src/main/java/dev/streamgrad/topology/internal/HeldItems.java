package dev.streamgrad.topology.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The layout of the late-label join's items in the model store (the same changelogged key-value store as the
 * models, written by the same commit hook, after the models). Every key starts with {@code 'J'}, which no
 * {@link ModelStore} key does ({@code 'H'}, {@code 'C'}, {@code 'W'}): the one-byte key {@code "J"} holds the
 * task's join clock (stream time and the next arrival number), the longer ones the items ({@link HeldItem#key()}).
 * Each item is one key, written whole, so every prefix of a commit's writes is a set of whole items. Not
 * thread-safe: one per task.
 */
final class HeldItems {
    /** The first byte of every key. */
    static final byte PREFIX = 'J';
    private static final Bytes CLOCK = Bytes.wrap(new byte[] {PREFIX});

    private final KeyValueStore<Bytes, byte[]> store;

    /** The join's clock as stored. */
    record Clock(long streamTime, long nextSeq) { }

    /** @param store the model store's key-value store; not closed by this class */
    HeldItems(KeyValueStore<Bytes, byte[]> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** @return every stored item, in key order */
    List<HeldItem> all() {
        List<HeldItem> items = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(new byte[] {PREFIX, 0}),
                Bytes.wrap(new byte[] {PREFIX, (byte) 0xFF}))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                items.add(HeldItem.of(kv.key.get(), kv.value));
            }
        }
        return items;
    }

    /** @return the stored clock, or (Long.MIN_VALUE, 0) if none */
    Clock clock() {
        byte[] v = store.get(CLOCK);
        if (v == null) {
            return new Clock(Long.MIN_VALUE, 0);
        }
        ByteBuffer b = ByteBuffer.wrap(v);
        return new Clock(b.getLong(), b.getLong());
    }

    /** Writes an item (replacing the one under its key). */
    void put(HeldItem item) {
        store.put(Bytes.wrap(item.key()), item.value());
    }

    /** Deletes the item under this key. */
    void delete(byte[] key) {
        store.delete(Bytes.wrap(key));
    }

    /** Writes the clock. */
    void putClock(Clock clock) {
        store.put(CLOCK, ByteBuffer.allocate(16).putLong(clock.streamTime()).putLong(clock.nextSeq()).array());
    }
}
