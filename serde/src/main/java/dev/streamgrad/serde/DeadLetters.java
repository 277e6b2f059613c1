package dev.streamgrad.serde;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.mapping.MappingException;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link DeadLetter} records from the failures of this module. */
public final class DeadLetters {
    private DeadLetters() {
    }

    /**
     * Where a failed record came from; any field may be null when unknown.
     *
     * @param topic     source topic
     * @param partition source partition
     * @param offset    source offset
     * @param timestamp source record timestamp (epoch ms)
     * @param key       Not modified. The original key bytes
     * @param value     Not modified. The original value bytes
     */
    public record Source(String topic, Integer partition, Long offset, Long timestamp, byte[] key, byte[] value) {
    }

    /** @return a dead letter for a serde failure: its reason, message and schema id */
    public static DeadLetter of(StreamgradSerializationException e, Source source) {
        return build(e.reason().deadLetterReason(), e.getMessage(), e.schemaId(), null, source);
    }

    /** @return a dead letter for a record the {@link dev.streamgrad.serde.mapping.FeatureMapper} could not map */
    public static DeadLetter of(MappingException e, Source source) {
        return of(e, null, source);
    }

    /**
     * @param schemaId the registry id of the record's writer schema when it was known (the record decoded), or null
     * @return a dead letter for a record the {@link dev.streamgrad.serde.mapping.FeatureMapper} could not map
     */
    public static DeadLetter of(MappingException e, Integer schemaId, Source source) {
        return build(e.reason(), e.getMessage(), schemaId, e.field(), source);
    }

    /** @return a dead letter with any reason (e.g. NON_FINITE_VALUE from the model) */
    public static DeadLetter of(DeadLetterReason reason, String message, Source source) {
        return build(reason, message, null, null, source);
    }

    private static DeadLetter build(DeadLetterReason reason, String message, Integer schemaId, String field,
                                    Source source) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setMessage(message == null ? reason.name() : message)
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setSchemaId(schemaId)
                .setField(field)
                .setKey(source.key() == null ? null : ByteBuffer.wrap(source.key().clone()))
                .setValue(source.value() == null ? null : ByteBuffer.wrap(source.value().clone()))
                .setTimestamp(source.timestamp() == null ? null : Instant.ofEpochMilli(source.timestamp()))
                .build();
    }
}
