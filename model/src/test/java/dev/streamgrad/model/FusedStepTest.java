package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.kernel.Kernels;
import dev.streamgrad.model.kernel.StepRule;
import dev.streamgrad.model.optim.Optimizer;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused per-event step (backward pass and optimiser step in one pass per array, the gradient δ·aᵀ never
 * stored) against the two-pass path it replaced (backward into gradient buffers, then the optimiser checked and
 * applied array by array): the same bits after every event, for every adaptive optimiser, with and without L2, on
 * every backend. Sizes are odd so that the Vector API kernels run their scalar tails too. (Plain SGD's fused kernel,
 * {@code backpropUpdate}, is older and unchanged: it rounds its FMAs differently from the two-pass SGD path, so it is
 * compared with it to 1e-12 elsewhere, not bitwise.)
 */
class FusedStepTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (KernelMode mode : new KernelMode[] {KernelMode.JAVA, KernelMode.VECTOR, KernelMode.NATIVE, KernelMode.AUTO}) {
            for (OptimizerSpec opt : adaptive().toList()) {
                for (double l2 : new double[] {0, 1e-3}) {
                    out.add(Arguments.of(mode, opt, l2, 1L));
                }
                // Late in a stream Adam's bias corrections round to exactly 1, c1 first (from t ≈ 350 for β1 = 0.9),
                // then c2 (from t ≈ 37,000 for β2 = 0.999); once both have, the kernels skip dividing by them.
                out.add(Arguments.of(mode, opt, 1e-3, 1_000L));
                out.add(Arguments.of(mode, opt, 1e-3, 40_000L));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void fusedStepGivesTheBitsOfTheTwoPassPath(KernelMode mode, OptimizerSpec opt, double l2, long firstStep) {
        Kernels k = KernelFactory.forMode(mode);
        NetworkSpec spec = NetworkSpec.builder().layers("13,37:relu,21:tanh,5:softmax").loss("cross_entropy")
                .optimizer(opt).l2(l2).seed(3).build();
        ModelState s0 = Model.create(spec, k).state();
        Network fused = network(k, spec, s0);
        Network twoPass = network(k, spec, s0);
        Optimizer rule = opt.create();
        double[][][] fusedSlots = slots(spec, rule.slotCount());
        double[][][] twoPassSlots = slots(spec, rule.slotCount());
        SplittableRandom rnd = new SplittableRandom(11);
        double[] x = new double[13];
        double[] y = new double[5];
        for (long t = firstStep; t < firstStep + 80; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = 3 * rnd.nextDouble() - 1;
            }
            java.util.Arrays.fill(y, 0);
            y[rnd.nextInt(5)] = 1;
            double eta = opt.learningRateAt(t);

            assertEquals(0, fused.forward(x));
            fused.outputDelta(spec.loss(), y);
            assertTrue(fused.fusedSafe(rule.rule(), eta, l2, t, fusedSlots), "bounds hold at step " + t);
            fused.fusedStep(rule, eta, l2, t, fusedSlots);

            twoPass.forward(x);
            twoPass.outputDelta(spec.loss(), y);
            twoPassStep(twoPass, rule, eta, l2, t, twoPassSlots);

            for (int l = 1; l <= spec.depth(); l++) {
                String where = mode + " " + opt.type() + " l2=" + l2 + " step " + t + " layer " + l;
                assertArrayEquals(twoPass.w[l], fused.w[l], "W, " + where);
                assertArrayEquals(twoPass.b[l], fused.b[l], "b, " + where);
                for (int p = 2 * (l - 1); p <= 2 * (l - 1) + 1; p++) {
                    for (int j = 0; j < rule.slotCount(); j++) {
                        assertArrayEquals(twoPassSlots[p][j], fusedSlots[p][j], "slot " + j + ", " + where);
                    }
                }
            }
        }
    }

    @Test
    void theStepsOfTheCasesCoverEveryFormOfAdamsCorrections() {
        StepRule adam = StepRule.adam(0.9, 0.999, 1e-8);   // the betas of Fixtures.optimizers()' adam
        assertTrue(adam.correction1(80) != 1.0 && adam.correction2(80) != 1.0, "t < 81: both divide");
        assertTrue(adam.correction1(1_000) == 1.0 && adam.correction2(1_079) != 1.0, "t 1,000-1,079: c1 = 1 only");
        assertTrue(adam.correction1(40_000) == 1.0 && adam.correction2(40_000) == 1.0, "t >= 40,000: both 1");
    }

    /** The path before the fused step: every gradient materialised, then each array checked, then written. */
    private static void twoPassStep(Network net, Optimizer opt, double eta, double l2, long t, double[][][] slots) {
        assertEquals(0, net.backward(1.0));
        for (boolean commit : new boolean[] {false, true}) {
            for (int l = 1; l <= net.depth; l++) {
                assertTrue(opt.step(eta, l2, t, net.w[l], net.gw[l], net.n[l] * net.n[l - 1], slots[2 * (l - 1)], commit));
                assertTrue(opt.step(eta, 0.0, t, net.b[l], net.gb[l], net.n[l], slots[2 * (l - 1) + 1], commit));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("adaptive")
    void nearOverflowTheModelTakesTheExactPathAndStillLearns(OptimizerSpec opt) {
        // δ_1 = W_2ᵀ δ_2 = 1e299·1 + 1e299·(−1) = 0, but its bound n_2·max|W_2|·max|δ_2| = 2e300 passes SAFE (1e300):
        // learn() recomputes the bounds exactly, still cannot prove safety, and takes the two-pass path, whose
        // result must be the batch path's bits (also two-pass), with the biases moved.
        NetworkSpec spec = NetworkSpec.builder().layers("2,2:identity,2:identity").optimizer(opt).build();
        ModelState s = ModelState.ofWeights(spec, new double[][] {{1, 0, 0, 1}, {1e299, 1e299, 1e299, 1e299}},
                new double[][] {{0, 0}, {0, 0}});
        Model event = Model.fromState(s, KernelFactory.forMode(KernelMode.JAVA));
        Model batch = Model.fromState(s, KernelFactory.forMode(KernelMode.JAVA));
        double[] x = {0, 0};
        double[] y = {-1, 1};
        event.learn(x, y, null);
        batch.learnBatch(1, x, y, null);
        assertEquals(batch.state(), event.state());
        assertEquals(1, event.updates());
        assertTrue(event.state().bias(2)[0] < 0 && event.state().bias(2)[1] > 0, "b_2 moved against δ_2 = (1, −1)");
    }

    static Stream<OptimizerSpec> adaptive() {
        return Fixtures.optimizers().stream().filter(o -> o.create().slotCount() > 0);
    }

    @Test
    void boundsAreRefusedNearOverflowAndTrackTheValues() {
        StepRule adam = StepRule.adam(0.9, 0.999, 1e-8);
        double[] out = new double[3];
        assertTrue(adam.bound(1e-3, 0, 1, 2.0, new double[] {1, 0, 0}, out));
        // m ≤ 0.1·2, v ≤ 0.001·4, θ ≤ 1 + η·(m/c1)/ε
        assertEquals(0.2, out[1], 1e-15);
        assertEquals(0.004, out[2], 1e-15);
        assertEquals(1 + 1e-3 * (0.2 / 0.1) / 1e-8, out[0], 1e-3);
        assertTrue(!adam.bound(1e-3, 0, 1, 1e151, new double[] {1, 0, 0}, out), "g² overflows the bound");
        assertTrue(!adam.bound(1e-3, 0, 1, 2.0, new double[] {Double.POSITIVE_INFINITY, 0, 0}, out), "unknown θ");
        assertTrue(!StepRule.sgd().bound(1e300, 0, 1, 10, new double[] {1}, out), "η·g above SAFE");
    }

    static Network network(Kernels k, NetworkSpec spec, ModelState s) {
        double[][] w = new double[spec.depth()][];
        double[][] b = new double[spec.depth()][];
        for (int l = 1; l <= spec.depth(); l++) {
            w[l - 1] = s.weights(l);
            b[l - 1] = s.bias(l);
        }
        return new Network(k, spec, w, b);
    }

    static double[][][] slots(NetworkSpec spec, int count) {
        double[][][] slots = new double[2 * spec.depth()][count][];
        for (int l = 1; l <= spec.depth(); l++) {
            for (int j = 0; j < count; j++) {
                slots[2 * (l - 1)][j] = new double[spec.size(l) * spec.size(l - 1)];
                slots[2 * (l - 1) + 1][j] = new double[spec.size(l)];
            }
        }
        return slots;
    }
}
