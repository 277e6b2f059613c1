package dev.streamgrad.serde.registry;

import dev.streamgrad.serde.SerdeErrorReason;
import java.util.Objects;

/**
 * A registry call failed: the registry answered an error, or could not be reached within the configured
 * timeouts and retries. Unchecked; the serdes turn it into a
 * {@link dev.streamgrad.serde.StreamgradSerializationException} with the same {@link #reason()}.
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** HTTP status when there was no HTTP answer. */
    public static final int NO_STATUS = -1;

    private final SerdeErrorReason reason;
    private final int status;
    private final int errorCode;

    /**
     * @param reason    the machine-readable reason; not null
     * @param status    the HTTP status, or {@link #NO_STATUS}
     * @param errorCode the registry's {@code error_code}, or 0
     * @param message   what failed (URL, status, the registry's message)
     * @param cause     the underlying exception, may be null
     */
    public SchemaRegistryException(SerdeErrorReason reason, int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.status = status;
        this.errorCode = errorCode;
    }

    /** @return the machine-readable reason; never null */
    public SerdeErrorReason reason() {
        return reason;
    }

    /** @return the HTTP status, or {@link #NO_STATUS} if the registry did not answer */
    public int status() {
        return status;
    }

    /** @return the registry's {@code error_code} (e.g. 40403), or 0 if none */
    public int errorCode() {
        return errorCode;
    }

    /** @return true for failures worth retrying: no answer, 5xx, or 429 */
    public boolean retriable() {
        return status == NO_STATUS || status >= 500 || status == 429;
    }
}
