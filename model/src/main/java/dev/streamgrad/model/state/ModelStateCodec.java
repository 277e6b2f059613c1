package dev.streamgrad.model.state;

import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.drift.DriftState;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Compact binary form of a {@link ModelState}: exact (doubles as their raw IEEE-754 bits), versioned, checked.
 *
 * <pre>
 * offset  field (big-endian)
 * 0       magic "SGMS" (0x53 0x47 0x4D 0x53)
 * 4       format version, int16 (1, or 2 when the state has a drift part; see below)
 * 6       spec: int32 length + UTF-8 JSON ({@link NetworkSpec#toJson()})
 *         L int32, S int32 (optimiser slots per parameter array)
 *         per layer l = 1..L: rows int32, cols int32, W_l (rows·cols doubles), b_l (rows doubles),
 *                             then for s = 0..S−1: slot s of W_l, slot s of b_l
 *         updates int64, events int64
 *         scaler count int64, scaler length int32 (d or 0), mean (doubles), M2 (doubles)
 *         version 2 only: the drift section ({@code DriftStateCodec}: optimiser step base, learning-rate boost,
 *         drift spec and detector state)
 * end−4   CRC32 of every byte before it, int32
 * </pre>
 *
 * <p>A state whose {@link ModelState#drift()} is {@link DriftState#NONE} is written as version 1, byte for byte as
 * before version 2 existed (so readers of version 1 still read it); any other as version 2. Both are read.
 */
public final class ModelStateCodec {
    /** "SGMS". */
    public static final int MAGIC = 0x53474D53;
    /** The newest format version, written by {@link #toBytes} for states with a drift part. */
    public static final short VERSION = 2;
    /** The version written for states without a drift part (and the only one before drift handling). */
    public static final short VERSION_WITHOUT_DRIFT = 1;

    /** The last spec encoded and its JSON bytes: a model is checkpointed many times with the same spec. */
    private static volatile SpecJson lastSpec;

    private record SpecJson(NetworkSpec spec, byte[] json) {
    }

    private ModelStateCodec() {
    }

    /** @return the spec's JSON as UTF-8 (cached: Jackson costs more than the rest of a small model's encoding) */
    private static byte[] specJson(NetworkSpec spec) {
        SpecJson c = lastSpec;
        if (c != null && (c.spec() == spec || c.spec().equals(spec))) {
            return c.json();   // never modified: only copied into the output buffer
        }
        byte[] json = spec.toJson().getBytes(StandardCharsets.UTF_8);
        lastSpec = new SpecJson(spec, json);
        return json;
    }

    /** @return the encoded state (a new array); the state is not modified */
    public static byte[] toBytes(ModelState s) {
        NetworkSpec spec = s.spec();
        byte[] json = specJson(spec);
        int depth = s.depth();
        int slots = spec.optimizer().type().slotNames().size();
        long size = 4 + 2 + 4 + json.length + 8;
        for (int l = 1; l <= depth; l++) {
            size += 8 + 8L * (s.weights(l).length + s.bias(l).length) * (1 + slots);
        }
        size += 8 + 8 + 8 + 4 + 16L * s.scalerMean().length + 4;
        DriftState drift = s.drift();
        short version = drift.isNone() ? VERSION_WITHOUT_DRIFT : VERSION;
        byte[] driftJson = DriftStateCodec.specJson(drift);
        if (version == VERSION) {
            size += DriftStateCodec.size(drift, driftJson);
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model state too large for one array: " + size + " bytes");
        }
        ByteBuffer bb = ByteBuffer.allocate((int) size);
        bb.putInt(MAGIC).putShort(version).putInt(json.length).put(json);
        bb.putInt(depth).putInt(slots);
        for (int l = 1; l <= depth; l++) {
            bb.putInt(spec.size(l)).putInt(spec.size(l - 1));
            putDoubles(bb, s.weights(l));
            putDoubles(bb, s.bias(l));
            for (int j = 0; j < slots; j++) {
                putDoubles(bb, s.weightSlots(l)[j]);
                putDoubles(bb, s.biasSlots(l)[j]);
            }
        }
        bb.putLong(s.updates()).putLong(s.events());
        bb.putLong(s.scalerCount()).putInt(s.scalerMean().length);
        putDoubles(bb, s.scalerMean());
        putDoubles(bb, s.scalerM2());
        if (version == VERSION) {
            DriftStateCodec.write(bb, drift, driftJson);
        }
        CRC32 crc = new CRC32();
        crc.update(bb.array(), 0, bb.position());
        bb.putInt((int) crc.getValue());
        return bb.array();
    }

    /**
     * Decodes {@link #toBytes}'s form.
     *
     * @param bytes not modified
     * @throws StateFormatException for bad magic, an unknown version, a CRC mismatch, truncation or inconsistent shapes
     */
    public static ModelState fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < 10) {
            throw new StateFormatException("model state: truncated (" + (bytes == null ? "null" : bytes.length + " bytes")
                    + ", header needs 10)");
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        int magic = bb.getInt();
        if (magic != MAGIC) {
            throw new StateFormatException(String.format("model state: bad magic 0x%08X, expected 0x%08X (\"SGMS\")",
                    magic, MAGIC));
        }
        short version = bb.getShort();
        if (version != VERSION_WITHOUT_DRIFT && version != VERSION) {
            throw new StateFormatException("model state: unsupported format version " + version + " (this reader: "
                    + VERSION_WITHOUT_DRIFT + " to " + VERSION + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new StateFormatException(String.format("model state: CRC32 mismatch (stored 0x%08X, computed 0x%08X):"
                    + " corrupt or truncated (%d bytes)", stored, (int) crc.getValue(), bytes.length));
        }
        try {
            int jsonLen = length(bb, 1);
            byte[] json = new byte[jsonLen];
            bb.get(json);
            NetworkSpec spec = NetworkSpec.fromJson(new String(json, StandardCharsets.UTF_8));
            int depth = bb.getInt();
            int slots = bb.getInt();
            if (depth != spec.depth() || slots != spec.optimizer().type().slotNames().size()) {
                throw new StateFormatException("model state: " + depth + " layers / " + slots
                        + " optimizer slots do not match the spec's " + spec.depth() + " / "
                        + spec.optimizer().type().slotNames().size());
            }
            double[][] w = new double[depth][];
            double[][] b = new double[depth][];
            double[][][] ws = new double[depth][slots][];
            double[][][] bs = new double[depth][slots][];
            for (int l = 1; l <= depth; l++) {
                int rows = bb.getInt();
                int cols = bb.getInt();
                if (rows != spec.size(l) || cols != spec.size(l - 1)) {
                    throw new StateFormatException("model state: layer " + l + " is " + rows + "×" + cols
                            + ", the spec says " + spec.size(l) + "×" + spec.size(l - 1));
                }
                w[l - 1] = getDoubles(bb, rows * cols);
                b[l - 1] = getDoubles(bb, rows);
                for (int j = 0; j < slots; j++) {
                    ws[l - 1][j] = getDoubles(bb, rows * cols);
                    bs[l - 1][j] = getDoubles(bb, rows);
                }
            }
            long updates = bb.getLong();
            long events = bb.getLong();
            long count = bb.getLong();
            int d = length(bb, 16);
            double[] mean = getDoubles(bb, d);
            double[] m2 = getDoubles(bb, d);
            DriftState drift = version == VERSION ? DriftStateCodec.read(bb) : DriftState.NONE;
            if (bb.remaining() != 4) {
                throw new StateFormatException("model state: " + (bb.remaining() - 4) + " unexpected trailing bytes");
            }
            ModelState state = ModelState.wrap(spec, w, b, ws, bs, updates, events, count, mean, m2);
            return drift.isNone() ? state : state.withDrift(drift);
        } catch (BufferUnderflowException e) {
            throw new StateFormatException("model state: truncated payload (" + bytes.length + " bytes)", e);
        } catch (StateFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new StateFormatException("model state: invalid content: " + e.getMessage(), e);
        }
    }

    /** Reads an int32 count of items of {@code unit} bytes, checked against the bytes that remain. */
    private static int length(ByteBuffer bb, int unit) {
        int n = bb.getInt();
        if (n < 0 || (long) n * unit > bb.remaining()) {
            throw new StateFormatException("model state: length " + n + " exceeds the " + bb.remaining()
                    + " bytes that remain (corrupt or truncated)");
        }
        return n;
    }

    private static void putDoubles(ByteBuffer bb, double[] v) {
        bb.asDoubleBuffer().put(v);
        bb.position(bb.position() + 8 * v.length);
    }

    private static double[] getDoubles(ByteBuffer bb, int n) {
        if ((long) n * 8 > bb.remaining()) {
            throw new BufferUnderflowException();
        }
        double[] v = new double[n];
        bb.asDoubleBuffer().get(v);
        bb.position(bb.position() + 8 * n);
        return v;
    }
}
