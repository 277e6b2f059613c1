package dev.streamgrad.serde.internal;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary {@link Decoder} over a byte-array slice that never trusts a length it reads: a string, bytes or
 * fixed length larger than the bytes left is reported as truncated data instead of being allocated (Avro's own
 * decoder allocates first, so random bytes can ask for gigabytes). Not thread-safe; one per decode.
 *
 * <p>On valid Avro binary it reads exactly what Apache Avro's {@code BinaryDecoder} reads, with two documented
 * bounds:
 * <ul>
 *   <li><b>Collection items.</b> Array and map items usually take at least one byte each, but items of a zero-byte
 *   type (null, a record of nulls, a fixed of size 0) take none, so the bytes left cannot bound a block count. The
 *   decoder therefore bounds the <em>total</em> number of items that all blocks of one datum announce (read or
 *   skipped) by {@code bytes + maxZeroByteItems}: data whose items all take a byte always fits, and data with up to
 *   {@code maxZeroByteItems} zero-byte items fits too. The work and the allocation of one decode are so linear in
 *   its length plus that limit, whatever the counts say (a block of 2^31 nulls is refused at once). Avro itself
 *   accepts up to about 2^31 items per block and allocates a list of that capacity.</li>
 *   <li><b>Canonical numbers.</b> An int varint whose value does not fit 32 bits, a long varint longer than 64
 *   bits, and a boolean byte other than 0 or 1 are refused as corrupt (Avro silently drops the high bits and reads
 *   any non-1 byte as false). Avro's encoder never writes them.</li>
 * </ul>
 */
public final class BoundedBinaryDecoder extends Decoder {
    /** The default of {@code maxZeroByteItems}: a million null items in one datum. */
    public static final int DEFAULT_MAX_ZERO_BYTE_ITEMS = 1_000_000;
    /** An Avro double: 8 bytes, little-endian IEEE 754, read as one load (bits kept, NaN payloads included). */
    private static final VarHandle DOUBLE_LE = MethodHandles.byteArrayViewVarHandle(double[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private int pos;
    private final int limit;
    /** How many more collection items the blocks of this datum may announce. */
    private long itemBudget;

    /**
     * @param buf    Not modified. The data.
     * @param offset where the Avro binary starts
     * @param length how many bytes it has
     */
    public BoundedBinaryDecoder(byte[] buf, int offset, int length) {
        this(buf, offset, length, DEFAULT_MAX_ZERO_BYTE_ITEMS);
    }

    /**
     * @param buf              Not modified. The data.
     * @param offset           where the Avro binary starts
     * @param length           how many bytes it has
     * @param maxZeroByteItems how many collection items of the datum may take no bytes (see the class comment),
     *                         &gt;= 0
     */
    public BoundedBinaryDecoder(byte[] buf, int offset, int length, int maxZeroByteItems) {
        if (maxZeroByteItems < 0) {
            throw new IllegalArgumentException("maxZeroByteItems must be >= 0, got " + maxZeroByteItems);
        }
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
        this.itemBudget = (long) length + maxZeroByteItems;
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
        int start = pos;
        long raw = readVarRaw(5, "int");
        if ((raw >>> 32) != 0) {
            throw new CorruptDataException("invalid int encoding (more than 32 bits) at byte " + start);
        }
        return (int) ((raw >>> 1) ^ -(raw & 1));
    }

    @Override
    public long readLong() throws IOException {
        long raw = readVarRaw(10, "long");
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** @return the zig-zag encoded value of a varint of at most {@code maxBytes} bytes and 64 bits */
    private long readVarRaw(int maxBytes, String what) throws IOException {
        int start = pos;
        long raw = 0;
        int shift = 0;
        for (int i = 0; i < maxBytes; i++) {
            require(1, what);
            int b = buf[pos++] & 0xff;
            if (shift == 63 && (b & 0x7e) != 0) {
                throw new CorruptDataException("invalid " + what + " encoding (more than 64 bits) at byte " + start);
            }
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return raw;
            }
            shift += 7;
        }
        throw new CorruptDataException("invalid " + what + " encoding (more than " + maxBytes + " bytes) at byte "
                + start);
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
        double v = (double) DOUBLE_LE.get(buf, pos);
        pos += 8;
        return v;
    }

    /**
     * Checks that a block of {@code count} doubles (an {@code array<double>} block whose count was read) has its
     * bytes, so that a caller may size an array for it: a corrupt count is refused before anything is allocated.
     *
     * @param count the block's item count, &gt;= 0
     * @return count, as an int
     * @throws EOFException if fewer than 8·count bytes are left
     */
    public int doubleBlock(long count) throws IOException {
        require(count * Double.BYTES, "array<double> block");   // count is bounded by the item budget: no overflow
        return (int) count;
    }

    /**
     * Reads {@code count} doubles into {@code dst[off, off + count)}, as {@code count} calls of {@link #readDouble}
     * would, in one pass.
     *
     * @param dst   modified: receives the values
     * @param off   where the first goes
     * @param count how many, &gt;= 0, with dst room for them
     * @throws EOFException if fewer than 8·count bytes are left (dst not modified)
     */
    public void readDoubles(double[] dst, int off, int count) throws IOException {
        require((long) count * Double.BYTES, "array<double> block");
        java.util.Objects.checkFromIndexSize(off, count, dst.length);
        int p = pos;
        for (int i = 0; i < count; i++) {
            dst[off + i] = (double) DOUBLE_LE.get(buf, p);
            p += Double.BYTES;
        }
        pos = p;
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
        int len = readLength("string"); // read first: readLength moves pos past the length prefix
        pos += len;
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
        int len = readLength("bytes"); // read first: readLength moves pos past the length prefix
        pos += len;
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

    /**
     * Reads a block count (Avro: a negative count is followed by the block's byte size, which a reader ignores).
     *
     * @return the number of items in the block, 0 at the end of the collection
     */
    private long readItemCount(String what) throws IOException {
        int start = pos;
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new CorruptDataException("invalid " + what + " block count at byte " + start);
            }
            count = -count;
            require(readLong(), what + " block");
        }
        return charge(count, what, start);
    }

    /**
     * Skips the blocks that have a byte size (Avro's skip contract) and returns the count of the first one that
     * has not, whose items the caller skips one by one.
     */
    private long skipItems(String what) throws IOException {
        int start = pos;
        long count = readLong();
        while (count < 0) {
            long size = readLong();
            require(size, what + " block");
            pos += (int) size;
            start = pos;
            count = readLong();
        }
        return charge(count, what, start);
    }

    /** Takes {@code count} items from the datum's item budget (see the class comment), or refuses the block. */
    private long charge(long count, String what, int start) throws IOException {
        if (count > itemBudget) {
            String why = count > remaining()
                    ? "more items than bytes left (" + remaining() + ") and than the zero-byte item limit allows"
                    : "more items in all than the datum's bytes plus the zero-byte item limit";
            throw new EOFException("truncated or corrupt: " + what + " block of " + count + " items at byte " + start
                    + ": " + why);
        }
        itemBudget -= count;
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
