package dev.streamgrad.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent reading of a Confluent-framed LabeledEvent, for the fuzz corpus: it says whether hostile bytes
 * could still be a usable event, so that a mutation that happens to produce a valid event is not counted as hostile.
 * It is as permissive as Apache Avro's own decoder (any varint up to 10 bytes, bytes left over ignored), so it never
 * calls bytes broken that the project might accept. Also finds the byte offsets that structure-aware mutations aim
 * at (the features count, the target's union index, the id's length).
 */
final class LabeledEventFrames {
    /**
     * A parse.
     *
     * @param features       the feature values
     * @param targetBranch   0 null, 1 double, 2 int, 3 array of double
     * @param target         the target's values (empty for null)
     * @param weight         the weight, or null
     * @param featuresOffset offset of the first block count of the features
     * @param targetOffset   offset of the target's union index
     * @param idOffset       offset of the id's union index
     */
    record Parsed(List<Double> features, int targetBranch, List<Double> target, Double weight, int featuresOffset,
                  int targetOffset, int idOffset) {
    }

    private final byte[] b;
    private int pos;

    private LabeledEventFrames(byte[] bytes) {
        this.b = bytes;
        this.pos = 5;
    }

    /**
     * @param bytes    a framed record
     * @param schemaId the LabeledEvent schema's id
     * @return the parse, or null if the bytes cannot be a LabeledEvent of that id
     */
    static Parsed parse(byte[] bytes, int schemaId) {
        if (bytes == null || bytes.length < 5 || bytes[0] != 0 || readId(bytes) != schemaId) {
            return null;
        }
        try {
            return new LabeledEventFrames(bytes).parse();
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            return null;
        }
    }

    static int readId(byte[] bytes) {
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }

    private Parsed parse() {
        int featuresOffset = pos;
        List<Double> features = doubles();
        int targetOffset = pos;
        int branch = (int) varint();
        List<Double> target = new ArrayList<>();
        switch (branch) {
            case 0:
                break;
            case 1:
                target.add(dbl());
                break;
            case 2:
                target.add((double) (int) varint());
                break;
            case 3:
                target = doubles();
                break;
            default:
                throw new IllegalStateException("union index " + branch);
        }
        int idOffset = pos;
        long id = varint();
        if (id == 1) {
            long len = varint();
            if (len < 0 || len > b.length - pos) {
                throw new IllegalStateException("string length " + len);
            }
            pos += (int) len;
        } else if (id != 0) {
            throw new IllegalStateException("union index " + id);
        }
        long w = varint();
        Double weight = w == 1 ? dbl() : null;
        if (w != 0 && w != 1) {
            throw new IllegalStateException("union index " + w);
        }
        long t = varint();
        if (t == 1) {
            varint();
        } else if (t != 0) {
            throw new IllegalStateException("union index " + t);
        }
        return new Parsed(features, branch, target, weight, featuresOffset, targetOffset, idOffset);
    }

    private List<Double> doubles() {
        List<Double> out = new ArrayList<>();
        for (long count = varint(); count != 0; count = varint()) {
            if (count < 0) {
                count = -count;
                varint(); // block size
            }
            if (count > (b.length - pos) / 8) {
                throw new IllegalStateException("array count " + count);
            }
            for (long i = 0; i < count; i++) {
                out.add(dbl());
            }
        }
        return out;
    }

    /** Avro's zig-zag varint, as permissive as Avro: up to 10 bytes. */
    private long varint() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int x = b[pos++] & 0xff;
            raw |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IllegalStateException("varint too long");
    }

    private double dbl() {
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (b[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }
}
