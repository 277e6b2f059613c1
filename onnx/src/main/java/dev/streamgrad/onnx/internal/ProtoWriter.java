package dev.streamgrad.onnx.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The protobuf wire format's primitives (protobuf encoding guide: varints, tags = field number « 3 | wire type,
 * little-endian fixed-width values, length-delimited fields), written to a stream. Only what {@link ProtoMessage}
 * needs: wire types 0 (varint), 1 (fixed64), 2 (length-delimited) and 5 (fixed32).
 *
 * <p>Not thread-safe. Does not close or flush the stream it writes to.
 */
public final class ProtoWriter {
    /** Wire type of int32, int64, uint64, bool and enum fields. */
    public static final int VARINT = 0;
    /** Wire type of fixed64, sfixed64 and double fields. */
    public static final int FIXED64 = 1;
    /** Wire type of string, bytes, embedded messages and packed repeated fields. */
    public static final int LENGTH_DELIMITED = 2;
    /** Wire type of fixed32, sfixed32 and float fields. */
    public static final int FIXED32 = 5;

    /** Chunk in which arrays are converted to little-endian bytes (bounded memory for any array). */
    private static final int CHUNK = 8192;

    private final OutputStream out;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);

    /** @param out the stream written to; not closed */
    public ProtoWriter(OutputStream out) {
        this.out = out;
    }

    /** @return the bytes of {@code value} as a varint (1 to 10; a negative value always takes 10, as protobuf's) */
    public static int varintSize(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /** @return the bytes of the tag of field {@code number} */
    public static int tagSize(int number) {
        return varintSize((long) number << 3);
    }

    /** Writes the tag of field {@code number} with wire type {@code wireType}. */
    public void tag(int number, int wireType) throws IOException {
        if (number < 1 || number > 0x1FFFFFFF) {
            throw new IllegalArgumentException("protobuf field number out of range: " + number);
        }
        varint(((long) number << 3) | wireType);
    }

    /** Writes {@code value} as a varint: 7 bits per byte, least significant group first, high bit = more follow. */
    public void varint(long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** Writes 4 bytes, little-endian. */
    public void fixed32(int value) throws IOException {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
    }

    /** Writes 8 bytes, little-endian. */
    public void fixed64(long value) throws IOException {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    /** Writes raw bytes (the payload of a length-delimited field whose length was written before). */
    public void raw(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    /**
     * Writes {@code values} as IEEE 754 binary64, little-endian, 8 bytes each (the layout of a packed
     * {@code repeated double} and of ONNX's {@code raw_data} for DOUBLE tensors).
     *
     * @param values not modified
     */
    public void doublesLittleEndian(double[] values) throws IOException {
        chunk.clear();
        for (double v : values) {
            if (chunk.remaining() < Double.BYTES) {
                flushChunk();
            }
            chunk.putDouble(v);
        }
        flushChunk();
    }

    /**
     * Writes {@code values} rounded to IEEE 754 binary32 (Java's {@code (float)} cast: round to nearest even),
     * little-endian, 4 bytes each.
     *
     * @param values not modified
     */
    public void floatsLittleEndian(double[] values) throws IOException {
        chunk.clear();
        for (double v : values) {
            if (chunk.remaining() < Float.BYTES) {
                flushChunk();
            }
            chunk.putFloat((float) v);
        }
        flushChunk();
    }

    private void flushChunk() throws IOException {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
    }
}
