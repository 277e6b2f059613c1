package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.kernel.DimensionMismatchException;
import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.loss.Loss;
import dev.streamgrad.model.state.ModelStateCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model-level seam: which targets each loss takes (every rule of {@link Loss#checkTarget}), the predicted and the
 * true class, the reshaping of a target into y, and that every learn path refuses what the check refuses.
 */
class TargetTest {
    static final Loss BCE = Loss.binaryCrossEntropy();
    static final Loss CE = Loss.crossEntropy();

    static void refused(Loss loss, Target t, int k, String... fragments) {
        LabelOutOfRangeException e = assertThrows(LabelOutOfRangeException.class, () -> loss.checkTarget(t, k),
                loss + " should refuse " + t);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage() + " should contain " + f);
        }
    }

    @Test
    void classificationLossesAreTheCrossEntropies() {
        assertTrue(BCE.isClassification());
        assertTrue(CE.isClassification());
        for (Loss l : List.of(Loss.squaredError(), Loss.absoluteError(), Loss.huber(1))) {
            assertFalse(l.isClassification(), l.name());
            assertEquals(0, l.classCount(1), l.name());
        }
        assertEquals(2, BCE.classCount(1));
        assertEquals(0, BCE.classCount(3), "multi-label: no single class");
        assertEquals(4, CE.classCount(4));
    }

    @Test
    void bceTakesValuesInZeroOne() {
        BCE.checkTarget(Target.of(0.0), 1);
        BCE.checkTarget(Target.of(1.0), 1);
        BCE.checkTarget(Target.of(0.25), 1);
        BCE.checkTarget(Target.of(new double[] {0, 0.5, 1}), 3);
        refused(BCE, Target.of(3.0), 1, "3.0", "[0, 1]");
        refused(BCE, Target.of(-0.001), 1, "-0.001", "[0, 1]");
        refused(BCE, Target.of(new double[] {0, 1.5}), 2, "y[1] = 1.5");
    }

    @Test
    void bceWithOneOutputTakesClassIndexZeroOrOne() {
        BCE.checkTarget(Target.classIndex(0), 1);
        BCE.checkTarget(Target.classIndex(1), 1);
        refused(BCE, Target.classIndex(2), 1, "class index 2", "[0, 2)");
        refused(BCE, Target.classIndex(-1), 1, "class index -1");
        refused(BCE, Target.classIndex(0), 3, "class index 0", "not a class");
    }

    @Test
    void crossEntropyTakesProbabilityVectorsAndClassesInRange() {
        CE.checkTarget(Target.of(new double[] {0, 1, 0}), 3);
        CE.checkTarget(Target.of(new double[] {0.2, 0.3, 0.5}), 3);
        CE.checkTarget(Target.of(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}), 3);
        CE.checkTarget(Target.of(new double[] {0.5, 0.5 + 9e-10, 0}), 3);
        refused(CE, Target.of(new double[] {3, -1, -1}), 3, "y[1] = -1.0", "negative");
        refused(CE, Target.of(new double[] {0.5, 0.5 + 2e-9, 0}), 3, "sums to", "1.0E-9");
        refused(CE, Target.of(new double[] {0, 0, 0}), 3, "sums to 0.0");
        refused(CE, Target.of(new double[] {1, 1, 0}), 3, "sums to 2.0");
        CE.checkTarget(Target.classIndex(0), 3);
        CE.checkTarget(Target.classIndex(2), 3);
        refused(CE, Target.classIndex(3), 3, "class index 3", "[0, 3)");
        refused(CE, Target.classIndex(-2), 3, "class index -2");
    }

    @Test
    void regressionLossesTakeAnyFiniteValueButNoClassIndex() {
        for (Loss l : List.of(Loss.squaredError(), Loss.absoluteError(), Loss.huber(0.5))) {
            l.checkTarget(Target.of(new double[] {-1e300, 3, 1e300}), 3);
            refused(l, Target.classIndex(0), 1, "class index 0", l.name());
            assertThrows(NonFiniteInputException.class, () -> l.checkTarget(Target.of(Double.NaN), 1));
        }
    }

    @Test
    void nonFiniteStaysNonFiniteAndWrongLengthIsADimensionError() {
        for (Loss l : List.of(BCE, CE, Loss.squaredError())) {
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                    () -> l.checkTarget(Target.of(new double[] {Double.POSITIVE_INFINITY, 0}), 2));
            assertTrue(e.getMessage().contains("y[0] = Infinity"), e.getMessage());
            assertThrows(DimensionMismatchException.class, () -> l.checkTarget(Target.of(new double[] {0, 1}), 3));
        }
    }

    @Test
    void predictedClassThresholdsBceAndArgMaxesSoftmax() {
        assertEquals(1, BCE.predictedClass(new double[] {0.5}));
        assertEquals(0, BCE.predictedClass(new double[] {0.4999}));
        assertEquals(-1, BCE.predictedClass(new double[] {0.9, 0.1}), "multi-label: no single class");
        assertEquals(2, CE.predictedClass(new double[] {0.1, 0.2, 0.7}));
        assertEquals(0, CE.predictedClass(new double[] {0.4, 0.4, 0.2}), "first on ties");
        assertEquals(1, CE.predictedClass(new double[] {9, 0.1, 0.8, 0.1}, 1, 3), "a row at an offset");
        assertEquals(-1, Loss.squaredError().predictedClass(new double[] {0.9}));
    }

    @Test
    void targetClassOfEachTargetShape() {
        assertEquals(1, BCE.targetClass(Target.of(1.0), 1));
        assertEquals(0, BCE.targetClass(Target.of(0.0), 1));
        assertEquals(1, BCE.targetClass(Target.of(0.5), 1));
        assertEquals(1, BCE.targetClass(Target.classIndex(1), 1));
        assertEquals(2, CE.targetClass(Target.of(new double[] {0.1, 0.2, 0.7}), 3));
        assertEquals(1, CE.targetClass(Target.classIndex(1), 3));
        assertEquals(-1, Loss.squaredError().targetClass(Target.of(1.0), 1));
        assertEquals(-1, BCE.targetClass(Target.of(new double[] {1, 0}), 2));
    }

    @Test
    void reshapingOfEachTargetShape() {
        double[] out = {7, 7, 7, 7, 7};
        Target.classIndex(2).writeTo(out, 1, 3);
        assertArrayEquals(new double[] {7, 0, 0, 1, 7}, out, 0.0);
        Target.classIndex(1).writeTo(out, 4, 1);
        assertArrayEquals(new double[] {7, 0, 0, 1, 1}, out, 0.0);
        Target.classIndex(0).writeTo(out, 4, 1);
        assertEquals(0.0, out[4]);
        Target.of(new double[] {0.25, 0.75}).writeTo(out, 0, 2);
        assertArrayEquals(new double[] {0.25, 0.75, 0, 1, 0}, out, 0.0);
        assertThrows(DimensionMismatchException.class, () -> Target.of(new double[] {1}).writeTo(out, 0, 2));
        assertThrows(LabelOutOfRangeException.class, () -> Target.classIndex(3).writeTo(out, 0, 3));
    }

    @Test
    void unionValuesBecomeTargets() {
        assertEquals(Target.of(0.5), Target.ofUnion(0.5));
        assertEquals(Target.classIndex(2), Target.ofUnion(2));
        assertEquals(Target.of(new double[] {0.25, 0.75}), Target.ofUnion(List.of(0.25, 0.75)));
        assertThrows(InvalidInputException.class, () -> Target.ofUnion("1"));
        assertThrows(InvalidInputException.class, () -> Target.ofUnion(null));
        assertThrows(InvalidInputException.class, () -> Target.ofUnion(List.of(0.5, "x")));
    }

    @Test
    void modelAnswersForItsLossAndOutputs() {
        Model bce = Model.create(NetworkSpec.builder().layers("2,3:tanh,1:sigmoid").loss("binary_cross_entropy")
                .build(), new JavaKernels());
        Model ce = Model.create(NetworkSpec.builder().layers("2,3:softmax").loss("cross_entropy").build(),
                new JavaKernels());
        Model reg = Model.create(NetworkSpec.builder().layers("2,1:identity").build(), new JavaKernels());
        assertTrue(bce.isClassifier());
        assertTrue(ce.isClassifier());
        assertFalse(reg.isClassifier());
        assertEquals(1, bce.predictedClass(new double[] {0.7}));
        assertEquals(1, ce.predictedClass(new double[] {0.2, 0.5, 0.3, 99}), "only the first k are read");
        assertEquals(-1, reg.predictedClass(new double[] {0.7}));
        assertEquals(0, bce.targetClass(Target.of(0.2)));
        assertEquals(2, ce.targetClass(Target.classIndex(2)));
        assertThrows(LabelOutOfRangeException.class, () -> bce.checkTarget(Target.of(3.0)));
        assertThrows(LabelOutOfRangeException.class, () -> reg.checkTarget(Target.classIndex(1)));
        reg.checkTarget(Target.of(-42.0));
    }

    /** Each learn path refuses an out-of-range target and leaves the model's bytes as they were. */
    @Test
    void everyLearnPathRefusesOutOfRangeTargetsBeforeTouchingTheModel() {
        Model bce = Model.create(NetworkSpec.builder().layers("2,3:tanh,1:sigmoid").loss("binary_cross_entropy")
                .build(), new JavaKernels());
        Model ce = Model.create(NetworkSpec.builder().layers("2,3:softmax").loss("cross_entropy").build(),
                new JavaKernels());
        byte[] bceBefore = ModelStateCodec.toBytes(bce.state());
        byte[] ceBefore = ModelStateCodec.toBytes(ce.state());
        double[] x = {0.1, 0.2};
        LabelOutOfRangeException e = assertThrows(LabelOutOfRangeException.class,
                () -> bce.learn(x, new double[] {3.0}, null));
        assertTrue(e.getMessage().contains("3.0"), e.getMessage());
        assertThrows(LabelOutOfRangeException.class, () -> bce.learn(x, 2, null));
        assertThrows(LabelOutOfRangeException.class, () -> bce.learn(LabeledExample.of(x, Target.of(3.0)), null));
        e = assertThrows(LabelOutOfRangeException.class,
                () -> bce.learnBatch(2, new double[] {0, 0, 1, 1}, new double[] {1, 3}, null));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        e = assertThrows(LabelOutOfRangeException.class, () -> bce.learnBatch(List.of(
                LabeledExample.of(x, Target.of(1.0)), LabeledExample.of(x, Target.classIndex(5))), null));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(LabelOutOfRangeException.class, () -> ce.learn(x, new double[] {3, -1, -1}, null));
        assertThrows(LabelOutOfRangeException.class, () -> ce.learn(x, 3, null));
        e = assertThrows(LabelOutOfRangeException.class,
                () -> ce.learnBatch(2, new double[] {0, 0, 1, 1}, new int[] {0, 3}, null));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(LabelOutOfRangeException.class, () -> ce.learnBatch(List.of(
                LabeledExample.of(x, Target.of(new double[] {0.5, 0.6, 0}))), null));
        assertArrayEquals(bceBefore, ModelStateCodec.toBytes(bce.state()));
        assertArrayEquals(ceBefore, ModelStateCodec.toBytes(ce.state()));
    }

    /** A BCE class index c with one output is the target [c] (it was one-hot, i.e. always [1], before). */
    @Test
    void bceClassIndexLearnsLikeItsValue() {
        NetworkSpec spec = NetworkSpec.builder().layers("2,3:tanh,1:sigmoid").loss("binary_cross_entropy").build();
        Model byIndex = Model.create(spec, new JavaKernels());
        Model byValue = Model.create(spec, new JavaKernels());
        Model byList = Model.create(spec, new JavaKernels());
        double[] x = {0.3, -0.4};
        for (int c : new int[] {0, 1, 0, 0}) {
            assertEquals(byValue.learn(x, new double[] {c}, null), byIndex.learn(x, c, null));
            byList.learnBatch(List.of(LabeledExample.of(x, Target.classIndex(c))), null);
        }
        assertEquals(byValue.state(), byIndex.state());
        assertEquals(byValue.state(), byList.state());
    }
}
