package dev.streamgrad.model.state;

import dev.streamgrad.model.drift.DriftMonitor;
import dev.streamgrad.model.drift.DriftSpec;
import dev.streamgrad.model.drift.DriftState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The drift section of {@link ModelStateCodec}'s format version 2, kept apart from the rest of the layout:
 * <pre>
 * optimizer step base int64, learning-rate factor float64, factor events int64,
 * monitor flag byte (0 = none, 1 = present); if present:
 *     drift spec: int32 length + UTF-8 JSON ({@link DriftSpec#toJson()}), detector state: int32 length + bytes
 * </pre>
 */
final class DriftStateCodec {
    private DriftStateCodec() {
    }

    /** @return the section's size in bytes */
    static long size(DriftState d, byte[] specJson) {
        long size = 8 + 8 + 8 + 1;
        if (d.spec() != null) {
            size += 4L + specJson.length + 4L + d.detectorState().length;
        }
        return size;
    }

    /** @return the spec's JSON as UTF-8, or an empty array without a monitor */
    static byte[] specJson(DriftState d) {
        return d.spec() == null ? new byte[0] : d.spec().toJson().getBytes(StandardCharsets.UTF_8);
    }

    static void write(ByteBuffer bb, DriftState d, byte[] specJson) {
        bb.putLong(d.optimizerStepBase()).putDouble(d.lrFactor()).putLong(d.lrFactorEvents());
        if (d.spec() == null) {
            bb.put((byte) 0);
            return;
        }
        byte[] detector = d.detectorState();
        bb.put((byte) 1).putInt(specJson.length).put(specJson).putInt(detector.length).put(detector);
    }

    /**
     * @throws StateFormatException for a bad flag, a length beyond the bytes left, or an invalid spec or detector state
     * @throws java.nio.BufferUnderflowException when truncated (the caller reports it)
     */
    static DriftState read(ByteBuffer bb) {
        long stepBase = bb.getLong();
        double factor = bb.getDouble();
        long factorEvents = bb.getLong();
        byte flag = bb.get();
        if (flag != 0 && flag != 1) {
            throw new StateFormatException("model state: drift section flag " + flag + ", expected 0 or 1");
        }
        try {
            if (flag == 0) {
                return new DriftState(stepBase, factor, factorEvents, null, null);
            }
            byte[] json = new byte[length(bb)];
            bb.get(json);
            DriftSpec spec = DriftSpec.fromJson(new String(json, StandardCharsets.UTF_8));
            byte[] detector = new byte[length(bb)];
            bb.get(detector);
            DriftMonitor.restore(spec, detector);   // validates the detector bytes against the spec
            return new DriftState(stepBase, factor, factorEvents, spec, detector);
        } catch (StateFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new StateFormatException("model state: invalid drift section: " + e.getMessage(), e);
        }
    }

    private static int length(ByteBuffer bb) {
        int n = bb.getInt();
        if (n < 0 || n > bb.remaining()) {
            throw new StateFormatException("model state: drift section length " + n + " exceeds the "
                    + bb.remaining() + " bytes that remain (corrupt or truncated)");
        }
        return n;
    }
}
