package dev.streamgrad.serde.snapshot;

/**
 * A chunked snapshot that cannot be assembled: a chunk missing, of another snapshot, not a chunk record, or the
 * length or CRC32 wrong. The message names the model and the chunk. Readers keep the model they had.
 */
public class SnapshotChunkException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param modelId the model whose snapshot could not be assembled
     * @param message what is wrong
     */
    public SnapshotChunkException(String modelId, String message) {
        super("snapshot of model '" + modelId + "': " + message);
    }

    /** A copy of {@code cause}'s message, for subclasses that rethrow it under another type. */
    protected SnapshotChunkException(SnapshotChunkException cause) {
        super(cause.getMessage(), cause);
    }
}
