package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sample weights (MATH.md, "Sample weights"): the event's gradient and loss scaled by w. */
class SampleWeightTest {

    /** Central differences of w·C + ½λΣ‖W‖² against the analytic gradient of the weighted trace, w ≠ 1. */
    @ParameterizedTest(name = "{0} output, {1}, w={2}")
    @CsvSource({"identity, squared_error, 2.5", "tanh, huber(0.5), 0.3", "sigmoid, binary_cross_entropy, 3.0",
            "softmax, cross_entropy, 0.7", "identity, squared_error, 0.0"})
    void weightedGradientMatchesCentralDifference(String out, String loss, double weight) {
        int k = out.equals("softmax") ? 3 : 2;
        NetworkSpec spec = NetworkSpec.builder().inputSize(3).layer(4, "tanh").layer(k, out).loss(loss).l2(0.05)
                .build();
        SplittableRandom rnd = new SplittableRandom(loss.hashCode());
        double[][] w = {GradientCheckTest.uniform(rnd, 12, 1.0), GradientCheckTest.uniform(rnd, 4 * k, 1.0)};
        double[][] b = {GradientCheckTest.uniform(rnd, 4, 0.5), GradientCheckTest.uniform(rnd, k, 0.5)};
        double[] x = GradientCheckTest.uniform(rnd, 3, 1.0);
        double[] y = k == 3 ? new double[] {0.2, 0.5, 0.3} : new double[] {0.25, 1.0};
        GradientTrace t = model(spec, w, b).trace(x, y, weight);
        Approx.rel(weight * model(spec, w, b).trace(x, y).loss(), t.loss(), 1e-15, "weighted loss");
        int checked = 0;
        for (int l = 1; l <= 2; l++) {
            for (int bias = 0; bias <= 1; bias++) {
                double[] p = bias == 0 ? w[l - 1] : b[l - 1];
                double[] analytic = bias == 0 ? t.weightGradients().get(l - 1) : t.biasGradients().get(l - 1);
                for (int i = 0; i < p.length; i++) {
                    double old = p[i];
                    p[i] = old + GradientCheckTest.H;
                    double plus = model(spec, w, b).cost(x, y, weight);
                    p[i] = old - GradientCheckTest.H;
                    double minus = model(spec, w, b).cost(x, y, weight);
                    p[i] = old;
                    double numeric = (plus - minus) / (2 * GradientCheckTest.H);
                    double err = Math.abs(numeric - analytic[i]);
                    double rel = err / Math.max(Math.abs(numeric), Math.abs(analytic[i]));
                    if (err > GradientCheckTest.ABS_FLOOR && rel > GradientCheckTest.REL) {
                        fail((bias == 0 ? "W_" : "b_") + l + "[" + i + "]: analytic " + analytic[i] + ", numeric "
                                + numeric + ", rel err " + rel);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= 20, "checked " + checked);
    }

    /** Weight 2 is the event counted twice: its data gradient is exactly 2g (doubling is exact in floating point). */
    @Test
    void weightTwoIsTheGradientCountedTwice() {
        NetworkSpec spec = NetworkSpec.builder().layers("3,5:tanh,2:softmax").loss("cross_entropy").build();
        Model m = Model.create(spec, new JavaKernels());
        double[] x = {0.4, -1.2, 0.7};
        double[] y = {0.3, 0.7};
        GradientTrace once = m.trace(x, y);
        GradientTrace twice = m.trace(x, y, 2.0);
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(times(2, once.weightGradients().get(l)), twice.weightGradients().get(l), 0.0);
            assertArrayEquals(times(2, once.biasGradients().get(l)), twice.biasGradients().get(l), 0.0);
        }
        assertEquals(2 * once.loss(), twice.loss());
    }

    /**
     * SGD: a batch [e with w = 2, f] at rate η steps by η(2g_e + g_f)/2, as the batch [e, e, f] at rate 3η/2 does;
     * one event of weight 2 at rate η steps as the batch [e, e] at rate 2η. Equal up to rounding.
     */
    @Test
    void weightTwoStepsAsTheEventTwiceInSgd() {
        double eta = 0.05;
        NetworkSpec spec = NetworkSpec.builder().layers("3,5:tanh,1:identity").optimizer(OptimizerSpec.sgd(eta))
                .build();
        double[] e = {0.4, -1.2, 0.7};
        double[] f = {-0.3, 0.1, 0.9};
        Model weighted = Model.create(spec, new JavaKernels());
        double weightedLoss = weighted.learnBatch(List.of(new LabeledExample(e, Target.of(1.5), 2.0),
                LabeledExample.of(f, Target.of(-0.5))), null);
        Model repeated = Model.fromState(withRate(spec, 1.5 * eta, Model.create(spec).state()), new JavaKernels());
        double repeatedLoss = repeated.learnBatch(3, concat(e, e, f), new double[] {1.5, 1.5, -0.5}, null);
        Approx.rel(repeatedLoss * 3 / 2, weightedLoss, 1e-14, "mean loss (2C_e + C_f)/2");
        assertClose(repeated.state(), weighted.state(), 1e-14);

        Model one = Model.create(spec, new JavaKernels());
        one.learn(e, new double[] {1.5}, 2.0, null);
        Model pair = Model.fromState(withRate(spec, 2 * eta, Model.create(spec).state()), new JavaKernels());
        pair.learnBatch(2, concat(e, e), new double[] {1.5, 1.5}, null);
        assertClose(pair.state(), one.state(), 1e-14);
    }

    /** w = 1 skips the multiplication: the same bits as the unweighted paths, per event and per batch. */
    @Test
    void weightOneIsBitIdenticalToUnweighted() {
        for (NetworkSpec spec : Fixtures.specs()) {
            double[][] data = Fixtures.data(spec, 8, 5);
            int d = spec.inputSize();
            int k = spec.outputSize();
            Model plain = Model.create(spec, new JavaKernels());
            Model weighted = Model.create(spec, new JavaKernels());
            Model listed = Model.create(spec, new JavaKernels());
            for (int r = 0; r < 4; r++) {
                double[] x = Fixtures.row(data[0], r, d);
                double[] y = Fixtures.row(data[1], r, k);
                assertEquals(plain.learn(x, y, null), weighted.learn(x, y, 1.0, null));
                listed.learn(new LabeledExample(x, Target.of(y), 1.0), null);
            }
            List<LabeledExample> batch = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                batch.add(LabeledExample.of(Fixtures.row(data[0], r, d), Target.of(Fixtures.row(data[1], r, k))));
            }
            double[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
            assertEquals(plain.learnBatch(8, data[0], data[1], null), weighted.learnBatch(8, data[0], data[1], ones,
                    null));
            listed.learnBatch(batch, null);
            assertArrayEquals(ModelStateCodec.toBytes(plain.state()), ModelStateCodec.toBytes(weighted.state()));
            assertArrayEquals(ModelStateCodec.toBytes(plain.state()), ModelStateCodec.toBytes(listed.state()));
        }
    }

    /**
     * w = 0: still an update. Plain SGD without L2 leaves the weights as they were; the counters and the scaler
     * advance; momentum still moves the weights by its velocity.
     */
    @Test
    void weightZeroIsAnUpdateWithAZeroGradient() {
        NetworkSpec sgd = NetworkSpec.builder().layers("2,3:tanh,1:identity").optimizer(OptimizerSpec.sgd(0.1))
                .scaling(true).build();
        Model m = Model.create(sgd, new JavaKernels());
        m.learn(new double[] {1, 2}, new double[] {3}, null);
        ModelState before = m.state();
        assertEquals(0.0, m.learn(new double[] {5, -1}, new double[] {100}, 0.0, null));
        ModelState after = m.state();
        assertArrayEquals(before.weights(1), after.weights(1), 0.0);
        assertArrayEquals(before.bias(2), after.bias(2), 0.0);
        assertEquals(before.updates() + 1, after.updates());
        assertEquals(before.scalerCount() + 1, after.scalerCount());

        NetworkSpec momentum = NetworkSpec.builder().layers("2,3:tanh,1:identity")
                .optimizer(OptimizerSpec.momentum(0.1, 0.9, false)).build();
        Model v = Model.create(momentum, new JavaKernels());
        v.learn(new double[] {1, 2}, new double[] {3}, null);
        double[] w1 = v.state().weights(1);
        v.learn(new double[] {5, -1}, new double[] {100}, 0.0, null);
        assertTrue(!java.util.Arrays.equals(w1, v.state().weights(1)), "the velocity still moves W");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1.0, -1e-300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void badWeightsAreRefusedBeforeTouchingTheModel(double weight) {
        NetworkSpec spec = NetworkSpec.builder().layers("2,3:tanh,1:identity").scaling(true).build();
        Model m = Model.create(spec, new JavaKernels());
        m.learn(new double[] {1, 2}, new double[] {3}, null);
        byte[] before = ModelStateCodec.toBytes(m.state());
        double[] x = {0.5, 0.5};
        InvalidWeightException e = assertThrows(InvalidWeightException.class,
                () -> m.learn(x, new double[] {1}, weight, null));
        assertTrue(e.getMessage().contains(String.valueOf(weight)), e.getMessage());
        e = assertThrows(InvalidWeightException.class, () -> m.learnBatch(2, new double[] {1, 2, 3, 4},
                new double[] {1, 2}, new double[] {1, weight}, null));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(InvalidWeightException.class, () -> new LabeledExample(x, Target.of(1.0), weight));
        assertThrows(InvalidWeightException.class, () -> m.trace(x, new double[] {1}, weight));
        assertArrayEquals(before, ModelStateCodec.toBytes(m.state()));
    }

    static List<OptimizerSpec> optimizers() {
        return Fixtures.optimizers();
    }

    /** The weighted and the list forms allocate nothing per event once their buffers have grown. */
    @ParameterizedTest
    @MethodSource("optimizers")
    void weightedPathsAllocateNothingPerEvent(OptimizerSpec opt) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        NetworkSpec spec = NetworkSpec.builder().layers("8,16:tanh,3:softmax").loss("cross_entropy")
                .optimizer(opt).scaling(true).l2(1e-4).build();
        Model m = Model.create(spec, new JavaKernels());
        double[][] data = Fixtures.data(spec, 16, 1);
        double[] weights = new double[16];
        List<LabeledExample> examples = new ArrayList<>();
        for (int r = 0; r < 16; r++) {
            weights[r] = 0.25 * (r % 5);
            examples.add(new LabeledExample(Fixtures.row(data[0], r, 8), r % 2 == 0 ? Target.classIndex(r % 3)
                    : Target.of(Fixtures.row(data[1], r, 3)), weights[r]));
        }
        double[] p = new double[16 * 3];
        Runnable work = () -> {
            for (int r = 0; r < examples.size(); r++) {
                m.learn(examples.get(r), p);
            }
            m.learnBatch(16, data[0], data[1], weights, p);
            m.learnBatch(examples, p);
        };
        for (int i = 0; i < 300; i++) {
            work.run();
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 50; i++) {
            work.run();
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 16_384, "allocated " + allocated + " bytes over 800 events and 100 batches");
    }

    private static Model model(NetworkSpec spec, double[][] w, double[][] b) {
        return Model.fromState(ModelState.ofWeights(spec, w, b), new JavaKernels());
    }

    private static ModelState withRate(NetworkSpec spec, double eta, ModelState s) {
        NetworkSpec faster = spec.toBuilder().optimizer(OptimizerSpec.sgd(eta)).build();
        return ModelState.ofWeights(faster, new double[][] {s.weights(1), s.weights(2)},
                new double[][] {s.bias(1), s.bias(2)});
    }

    private static void assertClose(ModelState expected, ModelState actual, double tol) {
        for (int l = 1; l <= 2; l++) {
            Approx.rel(expected.weights(l), actual.weights(l), tol, "W_" + l);
            Approx.rel(expected.bias(l), actual.bias(l), tol, "b_" + l);
        }
    }

    private static double[] times(double f, double[] v) {
        double[] r = v.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] *= f;
        }
        return r;
    }

    private static double[] concat(double[]... rows) {
        int n = 0;
        for (double[] r : rows) {
            n += r.length;
        }
        double[] v = new double[n];
        int o = 0;
        for (double[] r : rows) {
            System.arraycopy(r, 0, v, o, r.length);
            o += r.length;
        }
        return v;
    }
}
