package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.topology.LearnerOutput;
import dev.streamgrad.topology.SnapshotChunks;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Encodes each {@link LearnerOutput.Snapshotted} for the snapshot topic and forwards it as one record, or, if it is
 * larger than the chunk size, as chunks + manifest ({@link SnapshotChunks}). Remembers each model's last chunk count
 * (in memory, per task) to delete chunk keys a smaller snapshot no longer uses.
 */
public final class SnapshotWriter implements Processor<byte[], LearnerOutput, byte[], byte[]> {
    private final String topic;
    private final Serializer<WeightSnapshot> serializer;
    private final SnapshotChunks chunks;
    private final Map<String, Integer> lastChunkCount = new HashMap<>();
    private ProcessorContext<byte[], byte[]> context;

    /**
     * @param topic      the snapshot topic (for the serializer's subject)
     * @param serializer the snapshot value serializer
     * @param chunks     the chunking
     */
    public SnapshotWriter(String topic, Serializer<WeightSnapshot> serializer, SnapshotChunks chunks) {
        this.topic = topic;
        this.serializer = serializer;
        this.chunks = chunks;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], LearnerOutput> record) {
        WeightSnapshot s = ((LearnerOutput.Snapshotted) record.value()).snapshot();
        String modelId = record.key() != null ? new String(record.key(), StandardCharsets.UTF_8) : s.getModelId();
        byte[] encoded = serializer.serialize(topic, record.headers(), s);
        for (KeyValue<byte[], byte[]> kv : chunks.split(modelId, s.getVersion(), encoded,
                lastChunkCount.getOrDefault(modelId, 0))) {
            context.forward(record.withKey(kv.key).withValue(kv.value));
        }
        lastChunkCount.put(modelId, chunks.chunkCount(encoded.length));
    }
}
