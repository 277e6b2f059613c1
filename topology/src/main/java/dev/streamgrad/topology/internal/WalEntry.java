package dev.streamgrad.topology.internal;

import dev.streamgrad.model.LabeledExample;
import dev.streamgrad.model.Target;
import java.nio.ByteBuffer;

/**
 * One entry of a model's write-ahead log: a labeled example the model learned (or will learn, when it waits in a
 * micro-batch), or a marker saying that the pending micro-batch was applied before it was full. It holds everything
 * the learn step reads (features, target, sample weight) and the record's timestamp (the micro-batch age is decided
 * in stream time), so that replaying the log repeats every decision.
 *
 * @param kind       what the entry is
 * @param partition  the partition of the consumed record (-1 for a marker)
 * @param offset     the offset of the consumed record (-1 for a marker)
 * @param timestamp  the record's timestamp (-1 for a marker, or in entries written before it was logged)
 * @param x          the features (empty for a marker); never modified
 * @param y          the target vector, or null when the target is a class index; never modified
 * @param classIndex the class index, or -1 when the target is a vector
 * @param weight     the sample weight (finite, ≥ 0; 1 in entries written before it was logged)
 */
record WalEntry(Kind kind, int partition, long offset, long timestamp, double[] x, double[] y, int classIndex,
                double weight) {

    /** Entry kinds. */
    enum Kind { EXAMPLE, BATCH_APPLIED_EARLY }

    /** The first byte of entries in the current layout is this bit plus the kind's ordinal. */
    private static final int LAYOUT_2 = 0x10;

    /** @return a marker entry */
    static WalEntry batchAppliedEarly() {
        return new WalEntry(Kind.BATCH_APPLIED_EARLY, -1, -1L, -1L, new double[0], null, -1, 1.0);
    }

    /**
     * @param kind      {@link Kind#EXAMPLE}
     * @param partition the partition of the consumed record
     * @param offset    the offset of the consumed record
     * @param timestamp the record's timestamp
     * @param example   the example; its arrays are kept, not copied
     * @return the entry of a labeled example
     */
    static WalEntry of(int partition, long offset, long timestamp, LabeledExample example) {
        Target t = example.target();
        return t instanceof Target.ClassIndex c
                ? new WalEntry(Kind.EXAMPLE, partition, offset, timestamp, example.x(), null, c.index(),
                        example.weight())
                : new WalEntry(Kind.EXAMPLE, partition, offset, timestamp, example.x(), ((Target.Values) t).y(), -1,
                        example.weight());
    }

    /** @return the target of an example entry */
    Target target() {
        return y != null ? Target.of(y) : Target.classIndex(classIndex);
    }

    /** @return the example of an example entry (its arrays are this entry's, not copied) */
    LabeledExample example() {
        return new LabeledExample(x, target(), weight);
    }

    /** @return the length of {@link #toBytes()} */
    int sizeInBytes() {
        return 1 + 4 + 8 + 8 + 4 + 8 + 4 + 4 + 8 * (x.length + (y == null ? 0 : y.length));
    }

    /** @return the bytes of this entry (bit-exact doubles) */
    byte[] toBytes() {
        int ny = y == null ? 0 : y.length;
        ByteBuffer b = ByteBuffer.allocate(sizeInBytes());
        b.put((byte) (LAYOUT_2 | kind.ordinal())).putInt(partition).putLong(offset).putLong(timestamp)
                .putInt(classIndex).putDouble(weight);
        b.putInt(x.length);
        for (double v : x) {
            b.putDouble(v);
        }
        b.putInt(y == null ? -1 : ny);
        for (int i = 0; i < ny; i++) {
            b.putDouble(y[i]);
        }
        return b.array();
    }

    /**
     * @param bytes the bytes of {@link #toBytes()}, or of the first layout (no timestamp, no weight); not modified
     * @return the entry
     * @throws IllegalStateException if the bytes are not an entry
     */
    static WalEntry fromBytes(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int tag = b.get();
            boolean layout2 = (tag & LAYOUT_2) != 0;
            Kind kind = Kind.values()[tag & ~LAYOUT_2];
            int partition = b.getInt();
            long offset = b.getLong();
            long timestamp = layout2 ? b.getLong() : -1L;
            int classIndex = b.getInt();
            double weight = layout2 ? b.getDouble() : 1.0;
            double[] x = new double[b.getInt()];
            for (int i = 0; i < x.length; i++) {
                x[i] = b.getDouble();
            }
            int ny = b.getInt();
            double[] y = null;
            if (ny >= 0) {
                y = new double[ny];
                for (int i = 0; i < ny; i++) {
                    y[i] = b.getDouble();
                }
            }
            if (b.hasRemaining()) {
                throw new IllegalStateException("trailing bytes");
            }
            return new WalEntry(kind, partition, offset, timestamp, x, y, classIndex, weight);
        } catch (RuntimeException e) {
            throw new IllegalStateException("corrupt write-ahead log entry (" + bytes.length + " bytes)", e);
        }
    }
}
