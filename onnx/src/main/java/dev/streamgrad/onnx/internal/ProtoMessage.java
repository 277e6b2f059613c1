package dev.streamgrad.onnx.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protobuf message being built: its fields in the order they were added, each written with its tag. Embedded
 * messages and large arrays are not copied into byte arrays: their lengths are computed from their contents, and
 * {@link #writeTo} streams them (so writing a model of any size needs no second copy of its weights).
 *
 * <p>The builder methods return {@code this}; a message added to another must not be changed afterwards (its
 * length is computed when the outer message is written). Not thread-safe.
 */
public final class ProtoMessage {

    /** One encoded field: its full size (tag included) and how to write it. */
    private interface Field {
        long size();

        void write(ProtoWriter w) throws IOException;
    }

    /** The payload of a length-delimited field. */
    private interface Payload {
        long length();

        void write(ProtoWriter w) throws IOException;
    }

    private final List<Field> fields = new ArrayList<>();

    /**
     * Adds a varint field: int32, int64, uint64, bool or enum. A negative int32 is written sign-extended to 64 bits
     * (10 bytes), as protobuf does.
     */
    public ProtoMessage varint(int number, long value) {
        fields.add(new Field() {
            @Override
            public long size() {
                return ProtoWriter.tagSize(number) + ProtoWriter.varintSize(value);
            }

            @Override
            public void write(ProtoWriter w) throws IOException {
                w.tag(number, ProtoWriter.VARINT);
                w.varint(value);
            }
        });
        return this;
    }

    /** Adds a {@code float} field (fixed32, IEEE 754 binary32 bits). */
    public ProtoMessage float32(int number, float value) {
        fields.add(new Field() {
            @Override
            public long size() {
                return ProtoWriter.tagSize(number) + 4;
            }

            @Override
            public void write(ProtoWriter w) throws IOException {
                w.tag(number, ProtoWriter.FIXED32);
                w.fixed32(Float.floatToRawIntBits(value));
            }
        });
        return this;
    }

    /** Adds a {@code double} field (fixed64, IEEE 754 binary64 bits). */
    public ProtoMessage float64(int number, double value) {
        fields.add(new Field() {
            @Override
            public long size() {
                return ProtoWriter.tagSize(number) + 8;
            }

            @Override
            public void write(ProtoWriter w) throws IOException {
                w.tag(number, ProtoWriter.FIXED64);
                w.fixed64(Double.doubleToRawLongBits(value));
            }
        });
        return this;
    }

    /** Adds a {@code string} field, UTF-8. */
    public ProtoMessage string(int number, String value) {
        return bytes(number, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a {@code bytes} field; {@code value} is not copied and must not be modified afterwards. */
    public ProtoMessage bytes(int number, byte[] value) {
        return delimited(number, new Payload() {
            @Override
            public long length() {
                return value.length;
            }

            @Override
            public void write(ProtoWriter w) throws IOException {
                w.raw(value);
            }
        });
    }

    /** Adds an embedded message field. */
    public ProtoMessage message(int number, ProtoMessage value) {
        if (value == this) {
            throw new IllegalArgumentException("a message cannot contain itself");
        }
        return delimited(number, new Payload() {
            @Override
            public long length() {
                return value.size();
            }

            @Override
            public void write(ProtoWriter w) throws IOException {
                value.writeFields(w);
            }
        });
    }

    /**
     * Adds a {@code bytes} field holding {@code values} as little-endian binary64 (8 bytes each), streamed when
     * written; {@code values} is not copied and must not be modified until then.
     */
    public ProtoMessage doublesLittleEndian(int number, double[] values) {
        return delimited(number, new Payload() {
            @Override
            public long length() {
                return (long) values.length * Double.BYTES;
            }

            @Override
            public void write(ProtoWriter w) throws IOException {
                w.doublesLittleEndian(values);
            }
        });
    }

    /**
     * Adds a {@code bytes} field holding {@code values} rounded to binary32, little-endian (4 bytes each), streamed
     * when written; {@code values} is not copied and must not be modified until then.
     */
    public ProtoMessage floatsLittleEndian(int number, double[] values) {
        return delimited(number, new Payload() {
            @Override
            public long length() {
                return (long) values.length * Float.BYTES;
            }

            @Override
            public void write(ProtoWriter w) throws IOException {
                w.floatsLittleEndian(values);
            }
        });
    }

    /** @return the encoded size of this message's fields in bytes (without an enclosing tag or length) */
    public long size() {
        long s = 0;
        for (Field f : fields) {
            s += f.size();
        }
        return s;
    }

    /** Writes the message (its fields; no enclosing length) to {@code out}. Does not flush or close it. */
    public void writeTo(OutputStream out) throws IOException {
        writeFields(new ProtoWriter(out));
    }

    private void writeFields(ProtoWriter w) throws IOException {
        for (Field f : fields) {
            f.write(w);
        }
    }

    private ProtoMessage delimited(int number, Payload payload) {
        fields.add(new Field() {
            @Override
            public long size() {
                long len = payload.length();
                return ProtoWriter.tagSize(number) + ProtoWriter.varintSize(len) + len;
            }

            @Override
            public void write(ProtoWriter w) throws IOException {
                w.tag(number, ProtoWriter.LENGTH_DELIMITED);
                w.varint(payload.length());
                payload.write(w);
            }
        });
        return this;
    }
}
