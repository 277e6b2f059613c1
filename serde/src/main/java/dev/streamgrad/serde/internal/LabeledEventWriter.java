package dev.streamgrad.serde.internal;

import dev.streamgrad.serde.avro.LabeledEvent;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;

/**
 * A hand-written Avro binary writer of {@link LabeledEvent}: the bytes {@code SpecificDatumWriter} writes for the
 * shipped schema, with {@code array<double>} fields read unboxed from a {@link DoubleArrayList}. Producers (the
 * demo's, {@code streamgrad produce}) encode every event, and Avro's generic writer, shared by every schema, is
 * compiled again and again as its type profile changes. It writes only what it knows how to write exactly as Avro
 * does: a {@code target} that is null, a {@code Double}, an {@code Integer} or a {@code List}; for any other target
 * {@link #write} returns false and the caller uses Avro's writer (which resolves the union its own way, or refuses).
 * Stateless and thread-safe.
 */
public final class LabeledEventWriter {
    private LabeledEventWriter() {
    }

    /**
     * Appends the Avro binary of {@code e} (schema {@link LabeledEvent#getClassSchema()}) to {@code out}, if its
     * target is one of the kinds above.
     *
     * @param e   not modified
     * @param out modified: the bytes are appended, all or none
     * @return false (nothing appended) if the target is of another type
     * @throws NullPointerException if the features or one of their elements is null (Avro refuses them too)
     * @throws ClassCastException   if an element is not a {@link Number}
     * @throws ArithmeticException  if the event time is outside the range of epoch milliseconds
     */
    public static boolean write(LabeledEvent e, ByteArrayOutputStream out) {
        Object target = e.getTarget();
        int branch;
        if (target == null) {
            branch = 0;
        } else if (target instanceof Double) {
            branch = 1;
        } else if (target instanceof Integer) {
            branch = 2;
        } else if (target instanceof List) {
            branch = 3;
        } else {
            return false;
        }
        List<Double> features = Objects.requireNonNull(e.getFeatures(), "features");
        AvroBinaryWriter w = new AvroBinaryWriter(64 + 8 * features.size());
        w.writeDoubleArray(features);
        w.writeInt(branch);
        switch (branch) {
            case 1 -> w.writeDouble((Double) target);
            case 2 -> w.writeInt((Integer) target);
            case 3 -> {
                @SuppressWarnings("unchecked")
                List<Double> values = (List<Double>) target;
                w.writeDoubleArray(values);
            }
            default -> { }
        }
        w.writeOptionalString(e.getId());
        w.writeOptionalDouble(e.getWeight());
        w.writeOptionalMillis(e.getEventTime());
        w.appendTo(out);
        return true;
    }
}
