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
 * {@code '?'}). For the hand-written writers of the shipped schemas ({@link PredictionWriter},
 * {@link LabeledEventWriter}). Not thread-safe: one per record.
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

    /**
     * An {@code array<double>}: unboxed from a {@link DoubleArrayList}; otherwise each element as Avro's writer takes
     * it, {@code ((Number) e).doubleValue()} (a null element throws {@link NullPointerException}, another type
     * {@link ClassCastException}; the caller then appends nothing).
     *
     * @param values not modified
     */
    void writeDoubleArray(java.util.List<Double> values) {
        if (values instanceof DoubleArrayList unboxed) {
            writeDoubleArray(unboxed.values(), unboxed.size());
            return;
        }
        int n = values.size();
        if (n > 0) {
            writeLong(n);
            ensure(Math.multiplyExact(n, 8));
            for (int i = 0; i < n; i++) {
                Object e = values.get(i);   // as Object: Avro accepts any Number a raw list may hold
                DOUBLE_LE.set(buf, pos, ((Number) e).doubleValue());   // straight into the buffer, no copy
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

    /** A {@code ["null", "int"]} union: index 0, or index 1 and the value. */
    void writeOptionalInt(Integer v) {
        writeInt(v == null ? 0 : 1);
        if (v != null) {
            writeInt(v);
        }
    }

    /** A {@code ["null", "double"]} union: index 0, or index 1 and the value. */
    void writeOptionalDouble(Double v) {
        writeInt(v == null ? 0 : 1);
        if (v != null) {
            writeDouble(v);
        }
    }

    /** A {@code ["null", "string"]} union: index 0, or index 1 and the string. */
    void writeOptionalString(String v) {
        writeInt(v == null ? 0 : 1);
        if (v != null) {
            writeString(v);
        }
    }

    /**
     * A {@code ["null", {"type": "long", "logicalType": "timestamp-millis"}]} union: index 0, or index 1 and the
     * epoch milliseconds.
     *
     * @throws ArithmeticException if the instant's epoch milliseconds overflow a long (as Avro's conversion)
     */
    void writeOptionalMillis(java.time.Instant v) {
        long ms = v == null ? 0 : v.toEpochMilli();   // before anything is written for the field
        writeInt(v == null ? 0 : 1);
        if (v != null) {
            writeLong(ms);
        }
    }

    /** @param out modified: the bytes written so far are appended */
    void appendTo(ByteArrayOutputStream out) {
        out.write(buf, 0, pos);
    }
}
