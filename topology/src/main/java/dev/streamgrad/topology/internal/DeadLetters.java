package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds dead letters whose copy of the original key and value is bounded: at most {@code maxBytes} bytes of the two
 * together (the key first, then as much of the value as fits), so that a dead letter always fits the producer's
 * request limit however large the bad record was. The dead letter records the original sizes and whether the copy
 * was truncated. Immutable.
 */
final class DeadLetters {
    private final int maxBytes;

    /** @param maxBytes the most key + value bytes copied into one dead letter, ≥ 0 */
    DeadLetters(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be ≥ 0: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * @param r         why
     * @param origin    where the record came from
     * @param key       the original key bytes, may be null; not modified (a prefix is wrapped, not copied)
     * @param value     the original value bytes, may be null; not modified
     * @param timestamp the record's timestamp (negative: unknown)
     * @return the dead letter
     */
    DeadLetter of(Rejection r, SourceHeaders origin, byte[] key, byte[] value, long timestamp) {
        int keyCopy = key == null ? 0 : Math.min(key.length, maxBytes);
        int valueCopy = value == null ? 0 : Math.min(value.length, maxBytes - keyCopy);
        boolean truncated = (key != null && keyCopy < key.length) || (value != null && valueCopy < value.length);
        return DeadLetter.newBuilder().setReason(r.reason()).setMessage(String.valueOf(r.getMessage()))
                .setSourceTopic(origin.topic())
                .setSourcePartition(origin.partition() < 0 ? null : origin.partition())
                .setSourceOffset(origin.offset() < 0 ? null : origin.offset())
                .setSchemaId(r.schemaId()).setField(r.field())
                .setKey(key == null ? null : ByteBuffer.wrap(key, 0, keyCopy).slice())
                .setValue(value == null ? null : ByteBuffer.wrap(value, 0, valueCopy).slice())
                .setTimestamp(timestamp < 0 ? null : Instant.ofEpochMilli(timestamp))
                .setKeySize(key == null ? null : key.length)
                .setValueSize(value == null ? null : value.length)
                .setTruncated(truncated)
                .build();
    }
}
