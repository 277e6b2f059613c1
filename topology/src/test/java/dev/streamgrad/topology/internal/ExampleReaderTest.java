package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks made before any model exists: dimensions, the target's domain (decided by the model), the weight. */
class ExampleReaderTest {
    private static final SourceHeaders ORIGIN = new SourceHeaders("in", 3, 41L);
    private static final ExampleReader REGRESSION = reader("{\"size\":1,\"activation\":\"identity\"}],"
            + "\"loss\":\"squared_error\"");
    private static final ExampleReader BCE = reader("{\"size\":1,\"activation\":\"sigmoid\"}],"
            + "\"loss\":\"binary_cross_entropy\"");
    private static final ExampleReader SOFTMAX = reader("{\"size\":3,\"activation\":\"softmax\"}],"
            + "\"loss\":\"cross_entropy\"");

    private static ExampleReader reader(String outputAndLoss) {
        return new ExampleReader(Model.create(NetworkSpec.fromJson("{\"input_size\":2,\"layers\":[{\"size\":4,"
                + "\"activation\":\"tanh\"}," + outputAndLoss + ",\"optimizer\":{\"type\":\"sgd\","
                + "\"learning_rate\":0.1},\"seed\":1}")));
    }

    private static LabeledEvent event(Object target, Double weight) {
        return LabeledEvent.newBuilder().setFeatures(List.of(0.5, -0.5)).setTarget(target).setWeight(weight).build();
    }

    private static Rejection refused(ExampleReader reader, Object target, Double weight) {
        return assertThrows(Rejection.class, () -> reader.read(event(target, weight), new double[] {0.5, -0.5},
                ORIGIN, 7L));
    }

    private static void assertRefused(DeadLetterReason reason, String field, Rejection r) {
        assertEquals(reason, r.reason(), r.getMessage());
        assertEquals(field, r.field());
    }

    @Test
    void aValidEventBecomesAnEntryWithItsOriginTimestampAndWeight() throws Rejection {
        double[] x = {0.5, -0.5};
        WalEntry e = REGRESSION.read(event(0.25, 2.5), x, ORIGIN, 7L);
        assertEquals(WalEntry.Kind.EXAMPLE, e.kind());
        assertEquals(3, e.partition());
        assertEquals(41L, e.offset());
        assertEquals(7L, e.timestamp());
        assertSame(x, e.x(), "the entry keeps the features");
        assertArrayEquals(new double[] {0.25}, e.y());
        assertEquals(2.5, e.weight());
        assertEquals(1.0, REGRESSION.read(event(0.25, null), x, ORIGIN, 7L).weight(), "no weight: 1");
        WalEntry c = SOFTMAX.read(event(2, null), x, ORIGIN, 7L);
        assertEquals(2, c.classIndex());
        assertNull(c.y());
        assertArrayEquals(new double[] {0.2, 0.3, 0.5},
                SOFTMAX.read(event(List.of(0.2, 0.3, 0.5), null), x, ORIGIN, 7L).y());
    }

    @Test
    void anUnlabeledEventIsNoEntryButItsFeaturesAreStillChecked() throws Rejection {
        assertNull(REGRESSION.read(event(null, null), new double[] {0.5, -0.5}, ORIGIN, 7L));
        Rejection r = assertThrows(Rejection.class, () -> REGRESSION.read(event(null, null),
                new double[] {0.5, -0.5, 1}, ORIGIN, 7L));
        assertRefused(DeadLetterReason.WRONG_DIMENSION, "features", r);
    }

    @Test
    void theWrongNumberOfFeaturesIsWrongDimension() {
        Rejection r = assertThrows(Rejection.class, () -> REGRESSION.read(event(0.5, null), new double[] {1},
                ORIGIN, 7L));
        assertRefused(DeadLetterReason.WRONG_DIMENSION, "features", r);
        assertEquals("features has 1 values, the model takes 2", r.getMessage());
    }

    @Test
    void aTargetOfTheWrongShapeIsWrongDimension() {
        assertRefused(DeadLetterReason.WRONG_DIMENSION, "target", refused(REGRESSION, List.of(0.1, 0.2), null));
        assertRefused(DeadLetterReason.WRONG_DIMENSION, "target", refused(SOFTMAX, List.of(0.5, 0.5), null));
    }

    @Test
    void aTargetOutsideTheLossDomainIsLabelOutOfRange() {
        assertRefused(DeadLetterReason.LABEL_OUT_OF_RANGE, "target", refused(BCE, 1.5, null));
        assertRefused(DeadLetterReason.LABEL_OUT_OF_RANGE, "target", refused(BCE, -0.1, null));
        assertRefused(DeadLetterReason.LABEL_OUT_OF_RANGE, "target", refused(SOFTMAX, 3, null));
        assertRefused(DeadLetterReason.LABEL_OUT_OF_RANGE, "target", refused(SOFTMAX, -1, null));
        assertRefused(DeadLetterReason.LABEL_OUT_OF_RANGE, "target", refused(SOFTMAX, List.of(0.5, 0.6, 0.0), null));
        assertRefused(DeadLetterReason.LABEL_OUT_OF_RANGE, "target", refused(SOFTMAX, List.of(1.5, -0.5, 0.0), null));
    }

    @Test
    void aTargetOfAnotherTypeIsAnInvalidRecord() {
        assertRefused(DeadLetterReason.INVALID_RECORD, "target", refused(REGRESSION, "0.5", null));
    }

    @Test
    void aNegativeOrNonFiniteWeightIsAnInvalidRecord() {
        assertRefused(DeadLetterReason.INVALID_RECORD, "weight", refused(REGRESSION, 0.5, -1.0));
        assertRefused(DeadLetterReason.INVALID_RECORD, "weight", refused(REGRESSION, 0.5, Double.NaN));
        assertRefused(DeadLetterReason.INVALID_RECORD, "weight", refused(REGRESSION, 0.5, Double.POSITIVE_INFINITY));
    }
}
