package dev.streamgrad.deploy.offline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.SingleObjectEncoding;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import org.apache.kafka.common.serialization.Serde;

/**
 * Snapshot files: what {@code train} writes and {@code export --from-file} reads. Two formats, told apart by
 * their first bytes:
 * <ul>
 *   <li>{@link Format#SNAPSHOT} (the default of {@code train}): one {@link WeightSnapshot} in Avro single-object
 *       encoding ({@code C3 01}, the schema's 8-byte fingerprint, Avro binary) — the bytes of a snapshot-topic
 *       record value in registry-free mode; it carries the model id, version, counters and metrics;</li>
 *   <li>{@link Format#STATE}: {@link ModelStateCodec} bytes (magic {@code SGMS}) — what the topology's
 *       {@code streamgrad.warm.start.file} reads; no model id.</li>
 * </ul>
 * Both hold the complete state (weights, optimiser slots, scaler, counters), exactly.
 */
public final class SnapshotFiles {

    /** The two file formats. */
    public enum Format {
        /** Avro single-object {@link WeightSnapshot}. */
        SNAPSHOT,
        /** {@link ModelStateCodec} bytes. */
        STATE
    }

    private static final Serde<WeightSnapshot> SERDE = StreamgradSerdes.singleObject(WeightSnapshot.class);

    private SnapshotFiles() {
    }

    /**
     * @param file replaced if it exists
     * @param format the file format
     * @param snapshot not modified
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Format format, WeightSnapshot snapshot) throws IOException {
        byte[] bytes = switch (format) {
            case SNAPSHOT -> SERDE.serializer().serialize(file.toString(), snapshot);
            case STATE -> ModelStateCodec.toBytes(WeightSnapshots.toModelState(snapshot));
        };
        Files.write(file, bytes);
    }

    /**
     * Reads a file of either format. A {@link Format#STATE} file has no model id, counters' time or metrics:
     * it comes back as a snapshot with the model id {@code fallbackModelId}, the file's modification time and
     * no metrics.
     *
     * @param file the file
     * @param fallbackModelId the model id given to a {@link Format#STATE} file; not null
     * @return the snapshot
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is in neither format or does not decode (the message says why)
     */
    public static WeightSnapshot read(Path file, String fallbackModelId) throws IOException {
        Objects.requireNonNull(fallbackModelId, "fallbackModelId");
        byte[] bytes = Files.readAllBytes(file);
        Format format = formatOf(bytes);
        if (format == null) {
            throw new IllegalArgumentException(file + ": neither a weight snapshot (starts with C3 01) nor a"
                    + " model state (starts with SGMS)");
        }
        if (format == Format.SNAPSHOT) {
            try {
                return SERDE.deserializer().deserialize(file.toString(), bytes);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": not a readable weight snapshot: " + e.getMessage(), e);
            }
        }
        ModelState state;
        try {
            state = ModelStateCodec.fromBytes(bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a readable model state: " + e.getMessage(), e);
        }
        return WeightSnapshots.fromModelState(fallbackModelId, Files.getLastModifiedTime(file).toInstant(), state,
                Map.of());
    }

    private static Format formatOf(byte[] bytes) {
        if (bytes.length >= 2 && bytes[0] == SingleObjectEncoding.MARKER_0 && bytes[1] == SingleObjectEncoding.MARKER_1) {
            return Format.SNAPSHOT;
        }
        if (bytes.length >= 4 && java.nio.ByteBuffer.wrap(bytes, 0, 4).getInt() == ModelStateCodec.MAGIC) {
            return Format.STATE;
        }
        return null;
    }

    /** @return a snapshot of {@code state} taken now, with the given metrics */
    static WeightSnapshot snapshotOf(String modelId, ModelState state, Map<String, Double> metrics) {
        return WeightSnapshots.fromModelState(modelId, Instant.now(), state, metrics);
    }
}
