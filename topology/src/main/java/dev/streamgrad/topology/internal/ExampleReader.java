package dev.streamgrad.topology.internal;

import dev.streamgrad.model.Model;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import java.util.List;

/**
 * Checks a decoded event against the configured spec and turns its label into a log entry, before any model is
 * looked up: a record refused here creates no model, checkpoint or snapshot. Checks: the number of features, the
 * target (its shape and, by the loss, its domain: {@code LABEL_OUT_OF_RANGE}), the sample weight (finite, ≥ 0).
 * Not thread-safe (the template model is only read, but is one per processor).
 */
final class ExampleReader {
    private final Model template;

    /** @param template a model of the configured spec; only its shape and loss are used, it is never trained */
    ExampleReader(Model template) {
        this.template = template;
    }

    /**
     * @param event     the decoded event; not modified
     * @param x         its features; not modified (the entry keeps the array)
     * @param origin    where the record came from
     * @param timestamp the record's timestamp
     * @return the entry to learn, or null if the event has no target
     * @throws Rejection WRONG_DIMENSION, LABEL_OUT_OF_RANGE, NON_FINITE_VALUE or INVALID_RECORD (weight)
     */
    WalEntry read(LabeledEvent event, double[] x, SourceHeaders origin, long timestamp) throws Rejection {
        checkFeatures(template, x);
        Object t = event.getTarget();
        if (t == null) {
            return null;
        }
        double weight = weight(event.getWeight());
        int k = template.outputSize();
        if (t instanceof Integer c) {
            ModelSteps.checkClassIndex(template, c);
            return new WalEntry(WalEntry.Kind.EXAMPLE, origin.partition(), origin.offset(), timestamp, x, null, c,
                    weight);
        }
        double[] y = t instanceof Double d ? new double[] {d} : vector((List<?>) t);
        if (y.length != k) {
            throw new Rejection(DeadLetterReason.WRONG_DIMENSION, "target has " + y.length
                    + " values, the model outputs " + k, null, "target");
        }
        ModelSteps.checkVector(template, y);
        return new WalEntry(WalEntry.Kind.EXAMPLE, origin.partition(), origin.offset(), timestamp, x, y, -1, weight);
    }

    /** @throws Rejection WRONG_DIMENSION if the model does not take {@code x.length} features */
    static void checkFeatures(Model model, double[] x) throws Rejection {
        if (x.length != model.inputSize()) {
            throw new Rejection(DeadLetterReason.WRONG_DIMENSION, "features has " + x.length
                    + " values, the model takes " + model.inputSize(), null, "features");
        }
    }

    private static double[] vector(List<?> list) {
        double[] y = new double[list.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (Double) list.get(i);   // InputDecoder.check made sure
        }
        return y;
    }

    private static double weight(Double w) throws Rejection {
        if (w == null) {
            return 1.0;
        }
        if (!Double.isFinite(w)) {
            throw new Rejection(DeadLetterReason.NON_FINITE_VALUE, "weight is " + w, null, "weight");
        }
        if (w < 0) {
            throw new Rejection(DeadLetterReason.INVALID_RECORD, "weight " + w
                    + " is negative: a sample weight is finite and ≥ 0", null, "weight");
        }
        return w;
    }
}
