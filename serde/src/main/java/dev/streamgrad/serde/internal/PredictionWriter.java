package dev.streamgrad.serde.internal;

import dev.streamgrad.serde.avro.Prediction;
import java.io.ByteArrayOutputStream;
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
        AvroBinaryWriter w = new AvroBinaryWriter(modelId.length() + 48 + 8 * output.size());
        w.writeString(modelId);
        w.writeLong(p.getModelVersion());
        w.writeDoubleArray(output);
        w.writeOptionalInt(p.getPredictedClass());
        w.writeOptionalDouble(p.getLoss());
        w.writeOptionalString(p.getEventId());
        w.writeOptionalMillis(p.getEventTime());
        w.appendTo(out);
    }
}
