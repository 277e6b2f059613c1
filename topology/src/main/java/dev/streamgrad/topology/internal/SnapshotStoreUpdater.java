package dev.streamgrad.topology.internal;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a global store in step with a snapshot topic: key = model id bytes, value = the snapshot's bytes as on the
 * topic (decoded by the reader, on use). A tombstone removes the model. Chunked snapshots are mirrored as they are
 * (manifest under the model id, chunks under their keys), which is also what a global-store restore writes; readers
 * assemble and check them with {@link dev.streamgrad.topology.SnapshotChunks#assemble}.
 */
final class SnapshotStoreUpdater implements Processor<byte[], byte[], Void, Void> {
    private final String storeName;
    private KeyValueStore<Bytes, byte[]> store;

    /** @param storeName the global store */
    SnapshotStoreUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(Bytes.wrap(record.key()));
        } else {
            store.put(Bytes.wrap(record.key()), record.value());
        }
    }
}
