package dev.streamgrad.serde;

/**
 * The Confluent Schema Registry wire format: {@code [0x00][schema id: 4 bytes, big-endian][Avro binary]}.
 * This class only reads and writes the 5-byte header.
 */
public final class ConfluentWireFormat {
    /** The first byte of every framed record. */
    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /**
     * Writes the header into the first {@link #HEADER_SIZE} bytes of {@code out}.
     *
     * @param schemaId the registry id
     * @param out      Modified: bytes 0..4 are overwritten
     */
    public static void writeHeader(int schemaId, byte[] out) {
        out[0] = MAGIC_BYTE;
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
    }

    /**
     * Reads the schema id of a framed record.
     *
     * @param bytes Not modified. The framed record.
     * @return the schema id
     * @throws IllegalArgumentException if shorter than the header or the magic byte is wrong
     */
    public static int readSchemaId(byte[] bytes) {
        if (bytes.length < HEADER_SIZE) {
            throw new IllegalArgumentException("record has " + bytes.length + " bytes, fewer than the " + HEADER_SIZE
                    + "-byte header");
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new IllegalArgumentException("unknown magic byte 0x" + String.format("%02x", bytes[0] & 0xff));
        }
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }

    /**
     * The schema id of bytes that may or may not be framed (e.g. for a dead letter of a record that did decode).
     *
     * @param bytes Not modified. Any bytes, or null.
     * @return the schema id, or null if the bytes are null, shorter than the header or have another magic byte
     */
    public static Integer schemaIdOrNull(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER_SIZE && bytes[0] == MAGIC_BYTE ? readSchemaId(bytes) : null;
    }
}
