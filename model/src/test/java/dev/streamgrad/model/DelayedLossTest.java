package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A prediction scored later (delayed prequential evaluation) has the loss learning would have reported then. */
class DelayedLossTest {

    private static void check(NetworkSpec spec, double[] x, Target target, double weight) {
        Model m = Model.create(spec);
        int k = m.outputSize();
        double[] a = new double[k];
        double[] z = new double[k];
        m.predict(x, a, z);
        Model copy = m.copy();
        double[] learned = new double[k];
        double expected = copy.learn(new LabeledExample(x, target, weight), learned);
        assertArrayEquals(learned, a, 0.0);
        // the model learns something else in between: the held prediction is still scored as it was made
        m.learn(new LabeledExample(new double[x.length], target, 1.0), new double[k]);
        assertEquals(expected, m.loss(z, a, target, weight), 0.0);
    }

    @Test
    void everyLossScoresAHeldPredictionAsLearningWouldHave() {
        double[] x = {0.5, -1.25, 2.0};
        check(NetworkSpec.builder().layers("3,4:tanh,1:identity").seed(1).build(), x, Target.of(new double[] {0.7}),
                1.0);
        check(NetworkSpec.builder().layers("3,4:tanh,2:identity").loss("huber(0.5)").seed(2).build(), x,
                Target.of(new double[] {3.0, -2.0}), 0.25);
        check(NetworkSpec.builder().layers("3,4:relu,1:sigmoid").loss("binary_cross_entropy").seed(3).build(), x,
                Target.classIndex(1), 2.0);
        check(NetworkSpec.builder().layers("3,5:softmax").loss("cross_entropy").seed(4).build(), x,
                Target.classIndex(3), 1.0);
    }

    @Test
    void aClassOutOfRangeIsRefused() {
        Model m = Model.create(NetworkSpec.builder().layers("3,5:softmax").loss("cross_entropy").build());
        double[] a = new double[5];
        double[] z = new double[5];
        m.predict(new double[3], a, z);
        assertThrows(LabelOutOfRangeException.class, () -> m.loss(z, a, Target.classIndex(5), 1.0));
    }
}
