package dev.streamgrad.serde;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Every failure of a streamgrad serde. The message always names the topic, the schema id (or "unknown") and the
 * cause; {@link #reason()} gives a machine-readable code for dead-letter records. The original exception, if any,
 * is the {@linkplain #getCause() cause}.
 */
public class StreamgradSerializationException extends SerializationException {
    private static final long serialVersionUID = 1L;

    private final SerdeErrorReason reason;
    private final String topic;
    private final Integer schemaId;

    /**
     * @param reason   the machine-readable reason; not null
     * @param topic    the topic of the record, may be null if unknown
     * @param schemaId the registry schema id involved, or null if not (yet) known
     * @param detail   what went wrong; not null
     * @param cause    the underlying exception, may be null
     */
    public StreamgradSerializationException(SerdeErrorReason reason, String topic, Integer schemaId, String detail,
                                            Throwable cause) {
        super(format(reason, topic, schemaId, detail), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.topic = topic;
        this.schemaId = schemaId;
    }

    private static String format(SerdeErrorReason reason, String topic, Integer schemaId, String detail) {
        return "[" + reason + "] topic '" + topic + "', schema id " + (schemaId == null ? "unknown" : schemaId)
                + ": " + detail;
    }

    /** @return the machine-readable reason; never null */
    public SerdeErrorReason reason() {
        return reason;
    }

    /** @return the record's topic, or null if unknown */
    public String topic() {
        return topic;
    }

    /** @return the schema id involved, or null if not known */
    public Integer schemaId() {
        return schemaId;
    }
}
