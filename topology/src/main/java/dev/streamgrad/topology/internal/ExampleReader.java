package dev.streamgrad.topology.internal;

import dev.streamgrad.model.InvalidInputException;
import dev.streamgrad.model.InvalidWeightException;
import dev.streamgrad.model.LabelOutOfRangeException;
import dev.streamgrad.model.LabeledExample;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NonFiniteInputException;
import dev.streamgrad.model.Target;
import dev.streamgrad.model.kernel.DimensionMismatchException;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;

/**
 * Checks a decoded event against the configured spec and turns its label into a log entry, before any model is
 * looked up: a record refused here creates no model, checkpoint or snapshot. The model decides what is valid
 * ({@link Model#checkTarget}): the number of features ({@code WRONG_DIMENSION}), the target's shape
 * ({@code WRONG_DIMENSION}) and domain for the loss ({@code LABEL_OUT_OF_RANGE}: BCE in [0, 1], a cross-entropy
 * vector non-negative and summing to 1, a class index in range), the sample weight ({@code INVALID_RECORD} unless
 * finite and ≥ 0). Not thread-safe (one per processor).
 */
final class ExampleReader {
    private final Model template;

    /** @param template a model of the configured spec; only its shape and loss are used, it is never trained */
    ExampleReader(Model template) {
        this.template = template;
    }

    /**
     * @param event     the decoded event (finite values); not modified
     * @param x         its features; not modified (the entry keeps the array)
     * @param origin    where the record came from
     * @param timestamp the record's timestamp
     * @return the entry to learn, or null if the event has no target
     * @throws Rejection WRONG_DIMENSION, LABEL_OUT_OF_RANGE, NON_FINITE_VALUE or INVALID_RECORD (weight)
     */
    WalEntry read(LabeledEvent event, double[] x, SourceHeaders origin, long timestamp) throws Rejection {
        checkFeatures(template, x);
        if (event.getTarget() == null) {
            return null;
        }
        Target target = target(event.getTarget());
        try {
            LabeledExample example = new LabeledExample(x, target,
                    event.getWeight() == null ? 1.0 : event.getWeight());
            return WalEntry.of(origin.partition(), origin.offset(), timestamp, example);
        } catch (InvalidWeightException e) {
            throw new Rejection(DeadLetterReason.INVALID_RECORD, e.getMessage(), null, "weight");
        }
    }

    /**
     * @param union a target union value (a Double, an Integer, a list of Doubles); not modified
     * @return the target, checked against the spec (shape and domain for the loss)
     * @throws Rejection WRONG_DIMENSION, LABEL_OUT_OF_RANGE, NON_FINITE_VALUE or INVALID_RECORD
     */
    Target target(Object union) throws Rejection {
        try {
            Target target = Target.ofUnion(union);
            template.checkTarget(target);
            return target;
        } catch (DimensionMismatchException e) {
            throw new Rejection(DeadLetterReason.WRONG_DIMENSION, e.getMessage(), null, "target");
        } catch (LabelOutOfRangeException e) {
            throw new Rejection(DeadLetterReason.LABEL_OUT_OF_RANGE, e.getMessage(), null, "target");
        } catch (NonFiniteInputException e) {
            throw new Rejection(DeadLetterReason.NON_FINITE_VALUE, e.getMessage(), null, "target");
        } catch (InvalidInputException e) {
            throw new Rejection(DeadLetterReason.INVALID_RECORD, e.getMessage(), null, "target");
        }
    }

    /** @throws Rejection WRONG_DIMENSION if the model does not take {@code x.length} features */
    static void checkFeatures(Model model, double[] x) throws Rejection {
        if (x.length != model.inputSize()) {
            throw new Rejection(DeadLetterReason.WRONG_DIMENSION, "features has " + x.length
                    + " values, the model takes " + model.inputSize(), null, "features");
        }
    }
}
