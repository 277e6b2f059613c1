package dev.streamgrad.onnx.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only protobuf decoder (the reading direction, written apart from the encoder): splits one message into its
 * fields. Enough to check what the exporter wrote.
 */
public final class ProtoReader {

    /** One field: varint/fixed value in {@code value}, length-delimited payload in {@code bytes}. */
    public record Field(int number, int wireType, long value, byte[] bytes) {
        public long varint() {
            if (wireType != 0) {
                throw new AssertionError("field " + number + " has wire type " + wireType + ", not varint");
            }
            return value;
        }

        public String string() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private ProtoReader() {
    }

    /** @return the fields of the message in {@code b}, in order */
    public static List<Field> read(byte[] b) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            long tag = varint(b, pos);
            int number = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            switch (type) {
                case 0 -> fields.add(new Field(number, type, varint(b, pos), null));
                case 1 -> fields.add(new Field(number, type, little(b, pos, 8), null));
                case 5 -> fields.add(new Field(number, type, little(b, pos, 4), null));
                case 2 -> {
                    int len = Math.toIntExact(varint(b, pos));
                    byte[] payload = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + len);
                    if (payload.length != len || pos[0] + len > b.length) {
                        throw new AssertionError("field " + number + ": length " + len + " runs past the end");
                    }
                    pos[0] += len;
                    fields.add(new Field(number, type, len, payload));
                }
                default -> throw new AssertionError("unexpected wire type " + type + " at byte " + pos[0]);
            }
        }
        return fields;
    }

    /** @return the fields numbered {@code number} */
    public static List<Field> all(List<Field> fields, int number) {
        return fields.stream().filter(f -> f.number() == number).toList();
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int x = b[pos[0]++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new AssertionError("varint longer than 10 bytes");
    }

    private static long little(byte[] b, int[] pos, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (b[pos[0]++] & 0xFF) << (8 * i);
        }
        return v;
    }
}
