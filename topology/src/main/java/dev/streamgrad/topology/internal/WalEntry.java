package dev.streamgrad.topology.internal;

import java.nio.ByteBuffer;

/**
 * One entry of a model's write-ahead log: a labeled example the model learned (or will learn, when it waits in a
 * micro-batch), or a marker saying that the pending micro-batch was applied before it was full.
 *
 * @param kind      what the entry is
 * @param partition the partition of the consumed record (-1 for a marker)
 * @param offset    the offset of the consumed record (-1 for a marker)
 * @param x         the features (empty for a marker); never modified
 * @param y         the target vector, or null when the target is a class index
 * @param classIndex the class index, or -1 when the target is a vector
 */
public record WalEntry(Kind kind, int partition, long offset, double[] x, double[] y, int classIndex) {

    /** Entry kinds. */
    public enum Kind { EXAMPLE, BATCH_APPLIED_EARLY }

    /** @return a marker entry */
    public static WalEntry batchAppliedEarly() {
        return new WalEntry(Kind.BATCH_APPLIED_EARLY, -1, -1L, new double[0], null, -1);
    }

    /** @return the length of {@link #toBytes()} */
    public int sizeInBytes() {
        return 1 + 4 + 8 + 4 + 4 + 4 + 8 * (x.length + (y == null ? 0 : y.length));
    }

    /** @return the bytes of this entry (bit-exact doubles) */
    public byte[] toBytes() {
        int ny = y == null ? 0 : y.length;
        ByteBuffer b = ByteBuffer.allocate(sizeInBytes());
        b.put((byte) kind.ordinal()).putInt(partition).putLong(offset).putInt(classIndex);
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
     * @param bytes the bytes of {@link #toBytes()}; not modified
     * @return the entry
     * @throws IllegalStateException if the bytes are not an entry
     */
    public static WalEntry fromBytes(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            Kind kind = Kind.values()[b.get()];
            int partition = b.getInt();
            long offset = b.getLong();
            int classIndex = b.getInt();
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
            return new WalEntry(kind, partition, offset, x, y, classIndex);
        } catch (RuntimeException e) {
            throw new IllegalStateException("corrupt write-ahead log entry (" + bytes.length + " bytes)", e);
        }
    }
}
