package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.DeadLetterReason;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * One message of a synchronous averaging round on the sync topic (before chunking, {@link SyncRecords}).
 *
 * <p>Layout (big-endian): {@code "SGSY" | format 1 | kind | round (8) | replica (4) | replicas (4) | weight (8) |
 * n (4) | θ as n doubles | CRC32 of all before it (4)}. Doubles are written bit for bit, so the average a replica
 * adopts is the one the merger computed.
 *
 * @param kind     a replica's contribution, or the average the merger sends to every replica
 * @param round    the round, from 1
 * @param replica  CONTRIBUTION: the sending replica; AVERAGE: the replica (sync partition) it is addressed to
 * @param replicas R, the number of replicas (input partitions)
 * @param weight   CONTRIBUTION: events learned since the previous round (≥ 1); AVERAGE: their sum over replicas
 * @param theta    the parameters (layout of {@code Model#copyParameters}); kept, not copied
 */
record SyncMessage(Kind kind, long round, int replica, int replicas, long weight, double[] theta) {
    /** The two kinds of sync message. */
    enum Kind { CONTRIBUTION, AVERAGE }

    private static final byte[] MAGIC = {'S', 'G', 'S', 'Y'};
    private static final byte FORMAT = 1;
    private static final int HEADER_BYTES = 4 + 1 + 1 + 8 + 4 + 4 + 8 + 4;

    /** @return the encoded message */
    byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 8 * theta.length + 4);
        b.put(MAGIC).put(FORMAT).put((byte) kind.ordinal()).putLong(round).putInt(replica).putInt(replicas)
                .putLong(weight).putInt(theta.length);
        b.asDoubleBuffer().put(theta);
        b.position(b.position() + 8 * theta.length);
        b.putInt((int) crc(b.array(), b.position()));
        return b.array();
    }

    /** @return the encoded size of a message of n parameters */
    static int sizeInBytes(int n) {
        return HEADER_BYTES + 8 * n + 4;
    }

    /**
     * @param bytes an encoded message; not modified
     * @return the message (its fields are not checked against any round: {@link SyncRounds} does that)
     * @throws Rejection SYNC_INVALID if the bytes are not a whole, intact message of a known format
     */
    static SyncMessage fromBytes(byte[] bytes) throws Rejection {
        if (bytes.length < HEADER_BYTES + 4) {
            throw invalid("a sync message of " + bytes.length + " bytes is shorter than its header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (byte m : MAGIC) {
            if (b.get() != m) {
                throw invalid("not a sync message (bad magic)");
            }
        }
        byte format = b.get();
        byte kind = b.get();
        if (format != FORMAT || kind < 0 || kind >= Kind.values().length) {
            throw invalid("unknown sync message format " + format + " or kind " + kind);
        }
        long round = b.getLong();
        int replica = b.getInt();
        int replicas = b.getInt();
        long weight = b.getLong();
        int n = b.getInt();
        if (n < 0 || bytes.length != sizeInBytes(n)) {
            throw invalid("a sync message of " + bytes.length + " bytes cannot hold " + n + " parameters");
        }
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != (int) crc(bytes, bytes.length - 4)) {
            throw invalid("the sync message's CRC32 does not match its bytes");
        }
        double[] theta = new double[n];
        b.asDoubleBuffer().get(theta);
        return new SyncMessage(Kind.values()[kind], round, replica, replicas, weight, theta);
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    static Rejection invalid(String message) {
        return new Rejection(DeadLetterReason.SYNC_INVALID, message, null, null);
    }

    @Override
    public String toString() {
        return kind + "[round " + round + ", replica " + replica + " of " + replicas + ", weight " + weight + ", "
                + theta.length + " parameters]";
    }
}
