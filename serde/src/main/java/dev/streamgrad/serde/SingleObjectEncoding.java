package dev.streamgrad.serde;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Avro single-object encoding, the registry-free format of the Avro specification:
 * {@code [0xC3 0x01][CRC-64-AVRO fingerprint of the writer schema's canonical form: 8 bytes, little-endian][Avro binary]}.
 * Readers find the writer schema by fingerprint among the schemas they know ({@link #knownSchemas()}), which is
 * why this mode only reads what the project ships (and what the user adds). Byte-compatible with Avro's own
 * {@code BinaryMessageEncoder} (the generated classes' {@code toByteBuffer()}). Thread-safe.
 */
public final class SingleObjectEncoding {
    /** First header byte. */
    public static final byte MARKER_0 = (byte) 0xC3;
    /** Second header byte (format version 1). */
    public static final byte MARKER_1 = (byte) 0x01;
    /** Header bytes plus fingerprint. */
    public static final int HEADER_SIZE = 10;

    private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();

    /** @param schemas the writer schemas this instance can read; more can be {@linkplain #add added} */
    public SingleObjectEncoding(Collection<Schema> schemas) {
        schemas.forEach(this::add);
    }

    /** @return an instance that knows the current and earlier versions of every schema streamgrad ships */
    public static SingleObjectEncoding shipped() {
        return new SingleObjectEncoding(ShippedSchemas.all());
    }

    /** Makes a writer schema readable; returns this. */
    public SingleObjectEncoding add(Schema schema) {
        byFingerprint.put(fingerprint(Objects.requireNonNull(schema, "schema")), schema);
        return this;
    }

    /** @return the writer schemas this instance can read */
    public List<Schema> knownSchemas() {
        return List.copyOf(byFingerprint.values());
    }

    /** @return the writer schema with this fingerprint, or null */
    public Schema find(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** @return the CRC-64-AVRO fingerprint of the schema's parsing canonical form */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /**
     * Writes the header into the first {@link #HEADER_SIZE} bytes of {@code out}.
     *
     * @param out Modified: bytes 0..9 overwritten
     */
    public static void writeHeader(long fingerprint, byte[] out) {
        out[0] = MARKER_0;
        out[1] = MARKER_1;
        for (int i = 0; i < 8; i++) {
            out[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
    }

    /**
     * @param bytes Not modified; at least {@link #HEADER_SIZE} long
     * @return the fingerprint in the header
     */
    public static long readFingerprint(byte[] bytes) {
        long fp = 0;
        for (int i = 7; i >= 0; i--) {
            fp = (fp << 8) | (bytes[2 + i] & 0xff);
        }
        return fp;
    }
}
