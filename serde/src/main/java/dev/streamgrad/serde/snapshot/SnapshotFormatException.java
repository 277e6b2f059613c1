package dev.streamgrad.serde.snapshot;

/** A {@code WeightSnapshot} that does not describe a valid model state; the message names the field. */
public class SnapshotFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public SnapshotFormatException(String message) {
        super(message);
    }
}
