package dev.streamgrad.serde.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary {@link Decoder} over a byte-array slice that never trusts a length it reads: a string, bytes or
 * collection length larger than the bytes left is reported as corrupt data instead of being allocated (Avro's own
 * decoder allocates first, so random bytes can ask for gigabytes). Not thread-safe; one per decode.
 */
public final class BoundedBinaryDecoder extends Decoder {
    private final byte[] buf;
    private int pos;
    private final int limit;

    /**
     * @param buf    Not modified. The data.
     * @param offset where the Avro binary starts
     * @param length how many bytes it has
     */
    public BoundedBinaryDecoder(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** @return bytes not consumed yet */
    public int remaining() {
        return limit - pos;
    }

    private void require(long n, String what) throws IOException {
        if (n < 0) {
            throw new CorruptDataException("negative " + what + " length " + n + " at byte " + pos);
        }
        if (n > limit - pos) {
            throw new EOFException("truncated: " + what + " needs " + n + " bytes at byte " + pos + ", only "
                    + (limit - pos) + " left");
        }
    }

    @Override
    public void readNull() {
    }

    @Override
    public boolean readBoolean() throws IOException {
        require(1, "boolean");
        int b = buf[pos++] & 0xff;
        if (b > 1) {
            throw new CorruptDataException("invalid boolean byte " + b + " at byte " + (pos - 1));
        }
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long v = readVarLong(5, "int");
        return (int) v;
    }

    @Override
    public long readLong() throws IOException {
        return readVarLong(10, "long");
    }

    private long readVarLong(int maxBytes, String what) throws IOException {
        long raw = 0;
        int shift = 0;
        for (int i = 0; i < maxBytes; i++) {
            require(1, what);
            int b = buf[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
            shift += 7;
        }
        throw new CorruptDataException("invalid " + what + " encoding (more than " + maxBytes + " bytes) at byte " + pos);
    }

    @Override
    public float readFloat() throws IOException {
        require(4, "float");
        int bits = (buf[pos] & 0xff) | ((buf[pos + 1] & 0xff) << 8) | ((buf[pos + 2] & 0xff) << 16)
                | ((buf[pos + 3] & 0xff) << 24);
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8, "double");
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int len = readLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(len);
        System.arraycopy(buf, pos, result.getBytes(), 0, len);
        pos += len;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int len = readLength("string");
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    @Override
    public void skipString() throws IOException {
        pos += readLength("string");
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int len = readLength("bytes");
        ByteBuffer result = old != null && old.capacity() >= len ? old : ByteBuffer.allocate(len);
        result.clear();
        result.put(buf, pos, len);
        result.flip();
        pos += len;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        pos += readLength("bytes");
    }

    private int readLength(String what) throws IOException {
        long len = readLong();
        require(len, what);
        return (int) len;
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length, "fixed");
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length, "fixed");
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return readItemCount("array");
    }

    @Override
    public long arrayNext() throws IOException {
        return readItemCount("array");
    }

    @Override
    public long skipArray() throws IOException {
        return skipItems("array");
    }

    @Override
    public long readMapStart() throws IOException {
        return readItemCount("map");
    }

    @Override
    public long mapNext() throws IOException {
        return readItemCount("map");
    }

    @Override
    public long skipMap() throws IOException {
        return skipItems("map");
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    /** A block count; every item takes at least one byte in the schemas this decoder is used with. */
    private long readItemCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new CorruptDataException("invalid " + what + " block count at byte " + pos);
            }
            count = -count;
            require(readLong(), what + " block");
        }
        if (count > remaining()) {
            throw new EOFException("truncated: " + what + " block of " + count + " items at byte " + pos + ", only "
                    + remaining() + " bytes left");
        }
        return count;
    }

    private long skipItems(String what) throws IOException {
        long count = readLong();
        while (count < 0) {
            long size = readLong();
            require(size, what + " block");
            pos += (int) size;
            count = readLong();
        }
        if (count > remaining()) {
            throw new EOFException("truncated: " + what + " block of " + count + " items at byte " + pos);
        }
        return count;
    }

    /** Thrown for bytes that cannot be Avro binary (as opposed to bytes that end too early). */
    public static final class CorruptDataException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptDataException(String message) {
            super(message);
        }
    }
}
