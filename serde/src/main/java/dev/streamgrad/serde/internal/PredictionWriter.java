package dev.streamgrad.serde.internal;

import dev.streamgrad.serde.avro.Prediction;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A hand-written Avro binary writer of {@link Prediction}: the bytes {@code SpecificDatumWriter} writes for the
 * shipped schema, field by field (model id, version, output, then the four optional fields as union index and value),
 * without Avro's per-field schema walk and union resolution, and with the output read unboxed when it is a
 * {@link DoubleArrayList} (what the learner builds). Every prediction the learner forwards is encoded, so this is on
 * the per-event path. Stateless and thread-safe.
 *
 * <p>Like Avro's writer it refuses a record that does not fit the schema, with an exception and nothing appended:
 * a null model id, output or output element, or an event time whose epoch milliseconds overflow a
 * {@code long}.
 */
public final class PredictionWriter {
    private PredictionWriter() {
    }

    /**
     * Appends the Avro binary of {@code p} (schema {@link Prediction#getClassSchema()}) to {@code out}.
     *
     * @param p   not modified
     * @param out modified: the bytes are appended, all or none
     * @throws NullPointerException if a required field or an output element is null
     * @throws ArithmeticException  if the event time is outside the range of epoch milliseconds
     */
    public static void write(Prediction p, ByteArrayOutputStream out) {
        String modelId = Objects.requireNonNull(p.getModelId(), "modelId");
                List<Double> output = Objects.requireNonNull(p.getOutput(), "output");
        int n = output.size();
        AvroBinaryWriter w = new AvroBinaryWriter(modelId.length() + 48 + 8 * n);
        w.writeString(modelId);
        w.writeLong(p.getModelVersion());
        if (output instanceof DoubleArrayList unboxed) {
            w.writeDoubleArray(unboxed.values(), n);
        } else {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = Objects.requireNonNull(output.get(i), "output element");
            }
            w.writeDoubleArray(values, n);
        }
        Integer cls = p.getPredictedClass();
        w.writeInt(cls == null ? 0 : 1);
        if (cls != null) {
            w.writeInt(cls);
        }
        Double loss = p.getLoss();
        w.writeInt(loss == null ? 0 : 1);
        if (loss != null) {
            w.writeDouble(loss);
        }
        String eventId = p.getEventId();
        w.writeInt(eventId == null ? 0 : 1);
        if (eventId != null) {
            w.writeString(eventId);
        }
        Instant time = p.getEventTime();
        w.writeInt(time == null ? 0 : 1);
        if (time != null) {
            w.writeLong(time.toEpochMilli());
        }
        w.appendTo(out);
    }
}
