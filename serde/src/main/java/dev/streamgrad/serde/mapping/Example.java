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
        Object target = null;
        if (y instanceof Label.Number n) {
            target = n.value();
        } else if (y instanceof Label.ClassIndex c) {
            target = c.index();
        } else if (y instanceof Label.Vector v) {
            List<Double> values = new ArrayList<>();
            for (double d : v.values()) {
                values.add(d);
            }
            target = values;
        }
        return LabeledEvent.newBuilder().setFeatures(features).setTarget(target).setId(id).build();
    }
}
