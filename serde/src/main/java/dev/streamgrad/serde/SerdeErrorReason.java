package dev.streamgrad.serde;

import dev.streamgrad.serde.avro.DeadLetterReason;

/**
 * Machine-readable cause of a serde failure, carried by {@link StreamgradSerializationException#reason()} and
 * copied into {@code DeadLetter.reason}.
 */
public enum SerdeErrorReason {
    /** The bytes are truncated, have trailing garbage, or do not decode with the writer schema. */
    MALFORMED_BYTES(DeadLetterReason.MALFORMED_BYTES),
    /** The first byte(s) are not the expected header (Confluent magic byte 0, or single-object 0xC3 0x01). */
    WRONG_MAGIC_BYTE(DeadLetterReason.WRONG_MAGIC_BYTE),
    /** The schema id (or single-object fingerprint) is not known to the registry (or to the shipped schemas). */
    UNKNOWN_SCHEMA(DeadLetterReason.UNKNOWN_SCHEMA),
    /** Auto-registration is off and the record's schema is not registered under the subject. */
    SCHEMA_NOT_REGISTERED(DeadLetterReason.SCHEMA_NOT_REGISTERED),
    /** The registry refused the schema as incompatible (HTTP 409), or the reader schema cannot read the writer's. */
    INCOMPATIBLE_SCHEMA(DeadLetterReason.INCOMPATIBLE_SCHEMA),
    /** The registry could not be reached, timed out, or kept answering 5xx after the configured retries. */
    REGISTRY_UNAVAILABLE(DeadLetterReason.REGISTRY_UNAVAILABLE),
    /** The registry refused the credentials (HTTP 401 or 403). */
    REGISTRY_AUTH_FAILED(DeadLetterReason.REGISTRY_AUTH_FAILED),
    /** The registry answered another error (e.g. 422 invalid schema) or an unreadable body. */
    REGISTRY_ERROR(DeadLetterReason.REGISTRY_ERROR),
    /** The object to serialise is not a valid instance of its schema (or not an Avro record at all). */
    INVALID_RECORD(DeadLetterReason.INVALID_RECORD);

    private final DeadLetterReason deadLetterReason;

    SerdeErrorReason(DeadLetterReason deadLetterReason) {
        this.deadLetterReason = deadLetterReason;
    }

    /** @return the code to put in {@code DeadLetter.reason}; never null */
    public DeadLetterReason deadLetterReason() {
        return deadLetterReason;
    }
}
