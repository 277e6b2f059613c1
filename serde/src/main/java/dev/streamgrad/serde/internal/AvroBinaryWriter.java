package dev.streamgrad.serde.internal;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends Avro binary primitives to a growable byte array, with the bytes Avro's {@code BinaryEncoder} writes:
 * zig-zag varints for {@code int} and {@code long} (and for union indexes, item counts and string lengths),
 * 8 little-endian bytes for a {@code double} (its raw bits, NaN payloads included), a string as its length then its
 * UTF-8 bytes ({@link String#getBytes} with UTF-8, as Avro's {@code Utf8.getBytesFor}: an unpaired surrogate becomes
 * {@code '?'}). For the hand-written writers of the shipped schemas ({@link PredictionWriter}). Not thread-safe: one
 * per record.
 */
final class AvroBinaryWriter {
    private static final VarHandle DOUBLE_LE = MethodHandles.byteArrayViewVarHandle(double[].class,
            ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int pos;

    /** @param capacity the expected size in bytes (it grows beyond it as needed) */
    AvroBinaryWriter(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    /** Makes room for {@code n} more bytes. */
    private void ensure(int n) {
        if (n > buf.length - pos) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, Math.addExact(pos, n)));
        }
    }

    /** An Avro {@code int} (also a union index or an enum symbol): zig-zag, then a varint of at most 5 bytes. */
    void writeInt(int v) {
        writeLong(v);   // an int's zig-zag varint is the same bytes as the long's of the same value
    }

    /** An Avro {@code long}: zig-zag, then a varint of at most 10 bytes. */
    void writeLong(long v) {
        ensure(10);
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        buf[pos++] = (byte) z;
    }

    /** An Avro {@code double}: its raw bits, little-endian (so every NaN keeps its payload, as in Avro). */
    void writeDouble(double v) {
        ensure(8);
        DOUBLE_LE.set(buf, pos, v);
        pos += 8;
    }

    /**
     * One block of an {@code array<double>} and the array's end: the item count, the values, then 0; an empty array
     * is the single 0 (Avro writes no block for it).
     *
     * @param values not modified
     * @param n      how many of them, from index 0
     */
    void writeDoubleArray(double[] values, int n) {
        if (n > 0) {
            writeLong(n);
            ensure(Math.multiplyExact(n, 8));
            for (int i = 0; i < n; i++) {
                DOUBLE_LE.set(buf, pos, values[i]);
                pos += 8;
            }
        }
        writeLong(0);
    }

    /** An Avro {@code string}: the UTF-8 length, then the bytes. */
    void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeLong(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, pos, utf8.length);
        pos += utf8.length;
    }

    /** @param out modified: the bytes written so far are appended */
    void appendTo(ByteArrayOutputStream out) {
        out.write(buf, 0, pos);
    }
}
