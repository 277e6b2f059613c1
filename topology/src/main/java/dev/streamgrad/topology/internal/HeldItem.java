package dev.streamgrad.topology.internal;

import dev.streamgrad.model.LabeledExample;
import dev.streamgrad.model.Target;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One item of the late-label join, keyed by (model id, event id): the features of an unlabeled event waiting for
 * their label (with the prediction made when they arrived), a label waiting for its features, or the memory that the
 * pair was joined (so a duplicate label is learned once). Immutable; its arrays are never modified.
 *
 * @param kind          what it is
 * @param modelId       the model
 * @param eventId       the event
 * @param timestamp     the record timestamp (stream time) of the first of the pair to arrive; it decides expiry
 * @param seq           the task's arrival number of the item: ties of {@code timestamp} are evicted in arrival order
 * @param partition     the source partition of the record that brought it (for dead letters)
 * @param offset        the source offset of that record
 * @param weight        the event's sample weight (features; 1 otherwise)
 * @param x             the features (empty unless {@link Kind#FEATURES})
 * @param prediction    ŷ made when the features arrived (empty unless features)
 * @param preActivation z_L of that prediction (empty unless features)
 * @param y             a waiting label's target vector, or null (class index, or not a label)
 * @param classIndex    a waiting label's class index, or -1
 */
record HeldItem(Kind kind, String modelId, String eventId, long timestamp, long seq, int partition, long offset,
                double weight, double[] x, double[] prediction, double[] preActivation, double[] y, int classIndex) {

    /** Item kinds; the ordinal is stored. */
    enum Kind { FEATURES, LABEL, JOINED }

    private static final double[] NONE = new double[0];

    /** @return the features of an unlabeled event, with the prediction made now */
    static HeldItem features(String modelId, String eventId, long timestamp, long seq, SourceHeaders origin,
                             double weight, double[] x, double[] prediction, double[] preActivation) {
        return new HeldItem(Kind.FEATURES, modelId, eventId, timestamp, seq, origin.partition(), origin.offset(),
                weight, x, prediction, preActivation, null, -1);
    }

    /** @return a label waiting for its features */
    static HeldItem label(String modelId, String eventId, long timestamp, long seq, SourceHeaders origin,
                          Target target) {
        return target instanceof Target.ClassIndex c
                ? new HeldItem(Kind.LABEL, modelId, eventId, timestamp, seq, origin.partition(), origin.offset(), 1.0,
                        NONE, NONE, NONE, null, c.index())
                : new HeldItem(Kind.LABEL, modelId, eventId, timestamp, seq, origin.partition(), origin.offset(), 1.0,
                        NONE, NONE, NONE, ((Target.Values) target).y(), -1);
    }

    /** @return the memory that this item's pair was joined: same key, time and arrival number, no payload */
    HeldItem joined() {
        return new HeldItem(Kind.JOINED, modelId, eventId, timestamp, seq, partition, offset, 1.0, NONE, NONE, NONE,
                null, -1);
    }

    /** @return a waiting label's target */
    Target target() {
        return y != null ? Target.of(y) : Target.classIndex(classIndex);
    }

    /**
     * @param target the label's target
     * @return the example to learn: these features, that target, the event's weight
     */
    LabeledExample example(Target target) {
        return new LabeledExample(x, target, weight);
    }

    /** @return the store key: {@code 'J' | int length | UTF-8 model id | UTF-8 event id} */
    byte[] key() {
        return key(modelId, eventId);
    }

    /** @see #key() */
    static byte[] key(String modelId, String eventId) {
        byte[] m = modelId.getBytes(StandardCharsets.UTF_8);
        byte[] e = eventId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + m.length + e.length).put(HeldItems.PREFIX).putInt(m.length).put(m).put(e)
                .array();
    }

    /** @return the bytes it takes in the store (key and value), counted against the budget */
    long sizeInBytes() {
        return 5 + utf8Length(modelId) + utf8Length(eventId) + valueSize();
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private int valueSize() {
        return 1 + 8 + 8 + 4 + 8 + 8 + 4 + 4 * 4 + 8 * (x.length + prediction.length + preActivation.length
                + (y == null ? 0 : y.length));
    }

    /** @return the store value (bit-exact doubles) */
    byte[] value() {
        ByteBuffer b = ByteBuffer.allocate(valueSize());
        b.put((byte) kind.ordinal()).putLong(timestamp).putLong(seq).putInt(partition).putLong(offset)
                .putDouble(weight).putInt(classIndex);
        put(b, x);
        put(b, prediction);
        put(b, preActivation);
        if (y == null) {
            b.putInt(-1);
        } else {
            put(b, y);
        }
        return b.array();
    }

    private static void put(ByteBuffer b, double[] v) {
        b.putInt(v.length);
        for (double d : v) {
            b.putDouble(d);
        }
    }

    private static double[] get(ByteBuffer b, int n) {
        if (n == 0) {
            return NONE;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = b.getDouble();
        }
        return v;
    }

    /**
     * @param key   a store key of {@link #key()}; not modified
     * @param value its value; not modified
     * @return the item
     * @throws IllegalStateException if the bytes are not an item
     */
    static HeldItem of(byte[] key, byte[] value) {
        try {
            ByteBuffer k = ByteBuffer.wrap(key);
            k.get();
            int m = k.getInt();
            String modelId = new String(key, 5, m, StandardCharsets.UTF_8);
            String eventId = new String(key, 5 + m, key.length - 5 - m, StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.wrap(value);
            Kind kind = Kind.values()[b.get()];
            long timestamp = b.getLong();
            long seq = b.getLong();
            int partition = b.getInt();
            long offset = b.getLong();
            double weight = b.getDouble();
            int classIndex = b.getInt();
            double[] x = get(b, b.getInt());
            double[] prediction = get(b, b.getInt());
            double[] z = get(b, b.getInt());
            int ny = b.getInt();
            double[] y = ny < 0 ? null : get(b, ny);
            if (b.hasRemaining()) {
                throw new IllegalStateException("trailing bytes");
            }
            return new HeldItem(kind, modelId, eventId, timestamp, seq, partition, offset, weight, x, prediction, z,
                    y, classIndex);
        } catch (RuntimeException e) {
            throw new IllegalStateException("corrupt held late-label item (" + value.length + " bytes)", e);
        }
    }
}
