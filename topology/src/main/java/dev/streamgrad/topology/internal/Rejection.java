package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.DeadLetterReason;

/**
 * A record that cannot be used, with its dead-letter reason. Thrown by the parts of the learner and the scorer and
 * turned into a dead letter by {@link DeadLetters}.
 */
final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;
    private final DeadLetterReason reason;
    private final Integer schemaId;
    private final String field;

    /**
     * @param reason   the code
     * @param message  what was wrong
     * @param schemaId the value's schema id if known, else null
     * @param field    the field that was wrong, or null
     */
    Rejection(DeadLetterReason reason, String message, Integer schemaId, String field) {
        super(message, null, false, false);   // no stack trace: a rejection is a normal outcome, not a bug
        this.reason = reason;
        this.schemaId = schemaId;
        this.field = field;
    }

    /** @return the code */
    DeadLetterReason reason() {
        return reason;
    }

    /** @return the value's schema id, or null */
    Integer schemaId() {
        return schemaId;
    }

    /** @return the field that was wrong, or null */
    String field() {
        return field;
    }
}
