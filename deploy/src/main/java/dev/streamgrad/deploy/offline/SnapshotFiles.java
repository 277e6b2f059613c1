package dev.streamgrad.deploy.offline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

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
 *       record value in registry-free mode; it carries the model id, version, counters and metrics. In the file
 *       they sit in a checked container:
 *       <pre>
 *       0      magic "SGSF" (0x53 0x47 0x53 0x46)
 *       4      container version, int16 (= 1)
 *       6      the single-object bytes
 *       end−4  CRC32 of every byte before it, int32 big-endian
 *       </pre>
 *       Files written before the container existed start with {@code C3 01} directly; they are still read, but
 *       carry no checksum, so a flipped byte in them can go unnoticed (re-write them with {@code train} or
 *       {@code export}+import to get one);</li>
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

    /** "SGSF": the checked container of a {@link Format#SNAPSHOT} file. */
    public static final int SNAPSHOT_FILE_MAGIC = 0x53475346;
    /** The container version written by {@link #write}. */
    public static final short SNAPSHOT_FILE_VERSION = 1;
    private static final int HEADER = 6;
    private static final int TRAILER = 4;

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
            case SNAPSHOT -> checked(SERDE.serializer().serialize(file.toString(), snapshot));
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
            throw new IllegalArgumentException(file + ": neither a weight snapshot (starts with SGSF, or C3 01 before"
                    + " checksums) nor a model state (starts with SGMS)");
        }
        if (format == Format.SNAPSHOT) {
            try {
                return SERDE.deserializer().deserialize(file.toString(), unchecked(bytes));
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

    /** @return the single-object bytes in the checked container: magic, version, payload, CRC32 */
    private static byte[] checked(byte[] payload) {
        ByteBuffer bb = ByteBuffer.allocate(HEADER + payload.length + TRAILER);
        bb.putInt(SNAPSHOT_FILE_MAGIC).putShort(SNAPSHOT_FILE_VERSION).put(payload);
        CRC32 crc = new CRC32();
        crc.update(bb.array(), 0, bb.position());
        bb.putInt((int) crc.getValue());
        return bb.array();
    }

    /**
     * @return the single-object bytes of a snapshot file: inside the container once its version and CRC32 are
     *     checked, or the whole file for a file from before the container (legacy, unchecked)
     * @throws IllegalArgumentException for an unknown container version, truncation or a CRC mismatch
     */
    private static byte[] unchecked(byte[] bytes) {
        if (startsWithSingleObjectMarker(bytes, 0)) {
            return bytes;
        }
        if (bytes.length < HEADER + TRAILER) {
            throw new IllegalArgumentException("truncated (" + bytes.length + " bytes)");
        }
        short version = ByteBuffer.wrap(bytes, 4, 2).getShort();
        if (version != SNAPSHOT_FILE_VERSION) {
            throw new IllegalArgumentException("unsupported snapshot file version " + version + " (this reader: "
                    + SNAPSHOT_FILE_VERSION + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - TRAILER);
        int stored = ByteBuffer.wrap(bytes, bytes.length - TRAILER, TRAILER).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException(String.format("CRC32 mismatch (stored 0x%08X, computed 0x%08X):"
                    + " the file is corrupt or truncated (%d bytes)", stored, (int) crc.getValue(), bytes.length));
        }
        return Arrays.copyOfRange(bytes, HEADER, bytes.length - TRAILER);
    }

    private static boolean startsWithSingleObjectMarker(byte[] bytes, int at) {
        return bytes.length >= at + 2 && bytes[at] == SingleObjectEncoding.MARKER_0
                && bytes[at + 1] == SingleObjectEncoding.MARKER_1;
    }

    private static Format formatOf(byte[] bytes) {
        if (startsWithSingleObjectMarker(bytes, 0)
                || bytes.length >= 4 && ByteBuffer.wrap(bytes, 0, 4).getInt() == SNAPSHOT_FILE_MAGIC) {
            return Format.SNAPSHOT;
        }
        if (bytes.length >= 4 && ByteBuffer.wrap(bytes, 0, 4).getInt() == ModelStateCodec.MAGIC) {
            return Format.STATE;
        }
        return null;
    }

    /** @return a snapshot of {@code state} taken now, with the given metrics */
    static WeightSnapshot snapshotOf(String modelId, ModelState state, Map<String, Double> metrics) {
        return WeightSnapshots.fromModelState(modelId, Instant.now(), state, metrics);
    }
}
