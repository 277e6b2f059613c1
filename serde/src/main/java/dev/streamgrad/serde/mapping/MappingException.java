package dev.streamgrad.serde.mapping;

import dev.streamgrad.serde.avro.DeadLetterReason;

/**
 * A record could not be mapped to an example. {@link #getMessage()} says which field and what was wrong, ready for
 * {@code DeadLetter.message}; {@link #field()} goes to {@code DeadLetter.field}.
 */
public class MappingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final DeadLetterReason reason;

    /**
     * @param field   the field path, or null if the problem is not about one field
     * @param reason  MAPPING_FAILED, or LABEL_OUT_OF_RANGE for a label outside the configured classes
     * @param problem what was wrong
     */
    public MappingException(String field, DeadLetterReason reason, String problem) {
        super(field == null ? problem : "field '" + field + "': " + problem);
        this.field = field;
        this.reason = reason;
    }

    /** @return the field path that failed, or null */
    public String field() {
        return field;
    }

    /** @return the code for {@code DeadLetter.reason} */
    public DeadLetterReason reason() {
        return reason;
    }
}
