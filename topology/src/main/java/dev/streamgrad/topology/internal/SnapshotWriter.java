package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.topology.SnapshotChunks;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Encodes a {@link WeightSnapshot} for the snapshot topic as one record, or, if it is larger than the chunk size, as
 * chunks + manifest ({@link SnapshotChunks}). Remembers each model's last chunk count (in memory) to delete chunk
 * keys a smaller snapshot no longer uses. Holds per-task state: one instance per processor (the
 * {@link OutputRouter}), not thread-safe.
 */
final class SnapshotWriter {
    private final SinkRoute<WeightSnapshot> route;
    private final SnapshotChunks chunks;
    private final Map<String, Integer> lastChunkCount = new HashMap<>();

    /**
     * @param route  the snapshot sink: its topic and serializer encode the snapshot
     * @param chunks the chunking
     */
    SnapshotWriter(SinkRoute<WeightSnapshot> route, SnapshotChunks chunks) {
        this.route = route;
        this.chunks = chunks;
    }

    /**
     * Encodes the snapshot and hands the records for the snapshot topic, in order, to {@code out}: the plain record,
     * or chunks, manifest, then tombstones of chunk keys the model's previous snapshot used beyond the new count.
     *
     * @param record   the record carrying the snapshot: its key (the model id in UTF-8; if null, the snapshot's
     *                 model id is used), timestamp and headers (passed to the serializer) are kept; not modified
     * @param snapshot the snapshot; not modified
     * @param out      receives each record to send (a null value is a tombstone)
     */
    public void write(Record<byte[], ?> record, WeightSnapshot snapshot, Consumer<Record<byte[], byte[]>> out) {
        String modelId = record.key() != null ? new String(record.key(), StandardCharsets.UTF_8)
                : snapshot.getModelId();
        byte[] encoded = route.serialize(record.headers(), snapshot);
        for (KeyValue<byte[], byte[]> kv : chunks.split(modelId, snapshot.getVersion(), encoded,
                lastChunkCount.getOrDefault(modelId, 0))) {
            out.accept(record.withKey(kv.key).withValue(kv.value));
        }
        lastChunkCount.put(modelId, chunks.chunkCount(encoded.length));
    }
}
