package dev.streamgrad.model.state;

/** Bytes or JSON that are not a valid encoded model state: bad magic, unknown version, CRC mismatch, truncation, shape. */
public class StateFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public StateFormatException(String message) {
        super(message);
    }

    public StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
