package dev.streamgrad.serde.mapping;

import dev.streamgrad.serde.avro.LabeledEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One mapped record: features x, and the label y if the record had one.
 *
 * @param x  the features; owned by this example (the mapper allocates a new array per record)
 * @param y  the label, or null when the record is unlabeled
 * @param id the record's id if configured and present, else null
 */
public record Example(double[] x, Label y, String id) {

    /** @return this example as the project's {@link LabeledEvent} Avro record */
    public LabeledEvent toLabeledEvent() {
        List<Double> features = new ArrayList<>(x.length);
        for (double v : x) {
            features.add(v);
        }
        return LabeledEvent.newBuilder().setFeatures(features).setTarget(targetUnion(y)).setId(id).build();
    }

    /**
     * @param y a label, or null
     * @return it as the value of the Avro target union (LabeledEvent.target, Label.target): a Double, an Integer, a
     *     list of Doubles, or null
     */
    static Object targetUnion(Label y) {
        if (y instanceof Label.Number n) {
            return n.value();
        } else if (y instanceof Label.ClassIndex c) {
            return c.index();
        } else if (y instanceof Label.Vector v) {
            List<Double> values = new ArrayList<>();
            for (double d : v.values()) {
                values.add(d);
            }
            return values;
        }
        return null;
    }
}
