package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.drift.AdwinSpec;
import dev.streamgrad.model.drift.DriftAction;
import dev.streamgrad.model.drift.DriftDetection;
import dev.streamgrad.model.drift.DriftSignal;
import dev.streamgrad.model.drift.DriftSpec;
import dev.streamgrad.model.drift.DriftState;
import dev.streamgrad.model.drift.PageHinkleySpec;
import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.model.state.StateFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Drift handling on a model: the detector in the model state, the codec's version 2, and the actions. */
class DriftModelTest {
    private static final NetworkSpec ADAM = NetworkSpec.builder().layers("3,5:tanh,1:identity")
            .optimizer(OptimizerSpec.adam(0.01, 0.9, 0.999, 1e-8)).scaling(true).seed(42).build();
    private static final NetworkSpec SGD = NetworkSpec.builder().layers("3,5:tanh,1:identity")
            .optimizer(OptimizerSpec.sgd(0.015625)).seed(42).build();

    /**
     * A regression stream y = 3·w·x whose w flips at event {@code at}. (The scale matters: on losses far below 1
     * ADWIN's ε_cut is dominated by its (2/3)·δ″·m term and a short burst of higher loss goes unnoticed.)
     */
    private static double[][] event(int i, int at, SplittableRandom r) {
        double[] x = {r.nextDouble() * 2 - 1, r.nextDouble() * 2 - 1, r.nextDouble() * 2 - 1};
        double sign = i < at ? 1 : -1;
        double y = 3 * sign * (0.8 * x[0] - 0.5 * x[1] + 0.3 * x[2]);
        return new double[][] {x, {y}};
    }

    /** Learns events [from, to) and feeds the loss to the detector; @return the indexes of detections */
    private static List<Integer> run(Model m, int from, int to, int driftAt) {
        SplittableRandom r = new SplittableRandom(7);
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < to; i++) {
            double[][] e = event(i, driftAt, r);
            if (i < from) {
                continue;
            }
            double loss = m.learn(e[0], e[1], null);
            if (m.observeDrift(loss) != null) {
                hits.add(i);
            }
        }
        return hits;
    }

    // ------------------------------------------------------------------ state and codec

    @Test
    void version1BytesFromBeforeDriftStillDecode() throws IOException {
        byte[] v1;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/state/v1-adam-scaled.bin")) {
            v1 = in.readAllBytes();
        }
        assertEquals(1, v1[5], "the fixture is format version 1");
        ModelState s = ModelStateCodec.fromBytes(v1);
        assertEquals(40, s.updates());
        assertEquals(DriftState.NONE, s.drift());
        assertArrayEquals(v1, ModelStateCodec.toBytes(s), "a state without drift is still written as version 1");
        // the fixture is the state after these 40 events (written by the codec before version 2 existed, when tanh
        // was fdlibm's: today's HyperbolicTangent differs from it by an ulp or two, so the weights agree to 1e-12)
        Model m = Model.create(NetworkSpec.builder().layers("3,4:tanh,2:identity")
                .optimizer(OptimizerSpec.adam(0.01, 0.9, 0.999, 1e-8)).scaling(true).seed(7).build(), new JavaKernels());
        for (int i = 0; i < 40; i++) {
            double[] x = {i * 0.1, Math.sin(i), 1.0 / (i + 1)};
            m.learn(x, new double[] {x[0] - x[1], 0.5 * x[2]}, null);
        }
        ModelState learned = m.state();
        assertEquals(learned.spec(), s.spec());
        assertEquals(learned.updates(), s.updates());
        assertEquals(learned.events(), s.events());
        assertArrayEquals(learned.scalerMean(), s.scalerMean(), "the scaler does not depend on tanh");
        assertArrayEquals(learned.scalerM2(), s.scalerM2());
        for (int l = 1; l <= s.depth(); l++) {
            assertClose(learned.weights(l), s.weights(l), "weights " + l);
            assertClose(learned.bias(l), s.bias(l), "bias " + l);
            for (int k = 0; k < s.weightSlots(l).length; k++) {
                assertClose(learned.weightSlots(l)[k], s.weightSlots(l)[k], "weight slot " + k + " of layer " + l);
                assertClose(learned.biasSlots(l)[k], s.biasSlots(l)[k], "bias slot " + k + " of layer " + l);
            }
        }
    }

    private static void assertClose(double[] expected, double[] got, String what) {
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-12 * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    @Test
    void aModelRestoredMidStreamDetectsAtTheSameIndexesAndEndsBitIdentical() {
        for (DriftSpec ds : List.of(new DriftSpec(AdwinSpec.DEFAULT, DriftSignal.LOSS, DriftAction.RESET_OPTIMIZER),
                new DriftSpec(new PageHinkleySpec(30, 0.005, 5, 0.9999), DriftSignal.LOSS, DriftAction.boostLr(4, 300)),
                new DriftSpec(AdwinSpec.withDelta(0.05), DriftSignal.LOSS, DriftAction.RESET_MODEL))) {
            Model straight = Model.create(ADAM, new JavaKernels());
            straight.watchDrift(ds);
            List<Integer> all = run(straight, 0, 6_000, 3_000);
            assertFalse(all.isEmpty(), ds + ": the flip at 3000 is detected");
            assertTrue(all.stream().anyMatch(i -> i >= 3_000 && i < 3_300), ds + ": soon after the flip: " + all);

            for (int cut : new int[] {1_500, all.get(0), all.get(0) + 1, all.get(0) + 150}) {
                Model first = Model.create(ADAM, new JavaKernels());
                first.watchDrift(ds);
                List<Integer> before = run(first, 0, cut, 3_000);
                byte[] bytes = ModelStateCodec.toBytes(first.state());
                assertEquals(2, bytes[5], "a state with a detector is format version 2");
                ModelState decoded = ModelStateCodec.fromBytes(bytes);
                assertEquals(first.state(), decoded);
                assertArrayEquals(bytes, ModelStateCodec.toBytes(decoded));
                Model resumed = Model.fromState(decoded, new JavaKernels());
                assertEquals(ds, resumed.driftSpec());
                List<Integer> after = run(resumed, cut, 6_000, 3_000);
                List<Integer> joined = new ArrayList<>(before);
                joined.addAll(after);
                assertEquals(all, joined, ds + ", restored at " + cut);
                assertArrayEquals(ModelStateCodec.toBytes(straight.state()), ModelStateCodec.toBytes(resumed.state()),
                        ds + ", restored at " + cut + ": final state bit-identical");
            }
        }
    }

    @Test
    void anInvalidDriftSectionFailsClearly() {
        Model m = Model.create(SGD, new JavaKernels());
        m.learn(new double[] {1, 2, 3}, new double[] {1}, null);
        DriftSpec ds = DriftSpec.defaults();
        ModelState bad = m.state().withDrift(new DriftState(0, 1, 0, ds, new byte[] {1, 2, 3}));
        StateFormatException e = assertThrows(StateFormatException.class,
                () -> ModelStateCodec.fromBytes(ModelStateCodec.toBytes(bad)));
        assertTrue(e.getMessage().contains("drift section"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.state().withDrift(new DriftState(2, 1, 0, null, null)),
                "a step base beyond the version");
        assertThrows(IllegalArgumentException.class, () -> new DriftState(0, 2, 0, null, null),
                "a factor without events");
    }

    // ------------------------------------------------------------------ actions

    @Test
    void resetOptimizerZeroesTheSlotsAndRestartsTheStepCount() {
        SplittableRandom r = new SplittableRandom(3);
        Model m = Model.create(ADAM.toBuilder().scaling(false).build(), new JavaKernels());
        for (int i = 0; i < 50; i++) {
            double[][] e = event(i, 1000, r);
            m.learn(e[0], e[1], null);
        }
        m.resetOptimizer();
        ModelState s = m.state();
        assertEquals(50, s.updates(), "the version keeps counting");
        assertEquals(50, s.drift().optimizerStepBase());
        for (int l = 1; l <= s.depth(); l++) {
            for (double[] slot : s.weightSlots(l)) {
                assertTrue(java.util.Arrays.stream(slot).allMatch(v -> v == 0), "zeroed slot");
            }
        }
        // the next update is Adam's first step (t = 1) from these weights: the same bits as a fresh optimiser
        Model fresh = Model.fromState(ModelState.ofWeights(s.spec(), weights(s), biases(s)), new JavaKernels());
        double[][] e = event(50, 1000, r);
        m.learn(e[0], e[1], null);
        fresh.learn(e[0], e[1], null);
        for (int l = 1; l <= s.depth(); l++) {
            assertArrayEquals(fresh.state().weights(l), m.state().weights(l));
            assertArrayEquals(fresh.state().weightSlots(l)[1], m.state().weightSlots(l)[1]);
        }
        assertEquals(51, m.updates());
    }

    @Test
    void resetModelDrawsFromTheSeedAndTheVersion() {
        Model m = Model.create(SGD, new JavaKernels());
        Model initial = Model.create(SGD, new JavaKernels());
        m.reinitialize();
        assertEquals(initial.state(), m.state(), "at version 0 the reset gives the initial weights");

        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 20; i++) {
            double[][] e = event(i, 1000, r);
            m.learn(e[0], e[1], null);
        }
        m.reinitialize();
        Model expected = Model.create(SGD.toBuilder().seed(SGD.seed() ^ mix64(20)).build(), new JavaKernels());
        for (int l = 1; l <= SGD.depth(); l++) {
            assertArrayEquals(expected.state().weights(l), m.state().weights(l), "W_" + l);
            assertArrayEquals(new double[SGD.size(l)], m.state().bias(l), "b_" + l);
            assertNotEquals(initial.state().weights(l)[0], m.state().weights(l)[0]);
        }
        assertEquals(20, m.updates(), "the version keeps counting");
        assertEquals(20, m.state().drift().optimizerStepBase());
        Model other = Model.create(SGD, new JavaKernels());
        for (int i = 0; i < 21; i++) {
            other.learn(new double[] {0.1, 0.2, 0.3}, new double[] {0.5}, null);
        }
        other.reinitialize();
        assertNotEquals(m.state().weights(1)[0], other.state().weights(1)[0], "another version, other weights");
    }

    /** SplitMix64's finaliser, written out independently of Model's. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Test
    void boostLrMultipliesTheRateForTheNextEventsThenEnds() {
        // η = 2⁻⁶ and factor 4: η × 4 = 2⁻⁴ exactly, so a model with η = 2⁻⁴ must produce the same bits
        Model boosted = Model.create(SGD, new JavaKernels());
        Model fast = Model.create(SGD.toBuilder().optimizer(OptimizerSpec.sgd(0.0625)).build(), new JavaKernels());
        boosted.boostLearningRate(4, 5);
        assertEquals(0.0625, boosted.nextLearningRate());
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 5; i++) {
            double[][] e = event(i, 1000, r);
            boosted.learn(e[0], e[1], null);
            fast.learn(e[0], e[1], null);
            if (i == 2) {
                // the boost is part of the state: a restored copy finishes it
                ModelState mid = ModelStateCodec.fromBytes(ModelStateCodec.toBytes(boosted.state()));
                assertEquals(2, mid.drift().lrFactorEvents());
                boosted = Model.fromState(mid, new JavaKernels());
            }
        }
        for (int l = 1; l <= SGD.depth(); l++) {
            assertArrayEquals(fast.state().weights(l), boosted.state().weights(l));
        }
        assertEquals(0, boosted.boostEventsLeft());
        assertEquals(0.015625, boosted.nextLearningRate(), "back to η after 5 events");
        assertEquals(DriftState.NONE, boosted.state().drift(), "nothing left of the boost");
        Model b = boosted;
        assertThrows(IllegalArgumentException.class, () -> b.boostLearningRate(0, 5));
        assertThrows(IllegalArgumentException.class, () -> b.boostLearningRate(2, 0));
        assertThrows(IllegalArgumentException.class, () -> b.boostLearningRate(Double.NaN, 5));

        Model batch = Model.create(SGD, new JavaKernels());
        batch.boostLearningRate(4, 3);
        batch.learnBatch(new double[][] {{1, 2, 3}, {3, 2, 1}}, new double[][] {{1}, {0}});
        assertEquals(1, batch.boostEventsLeft(), "a batch of 2 counts 2 events");
        batch.learnBatch(new double[][] {{1, 2, 3}, {3, 2, 1}}, new double[][] {{1}, {0}});
        assertEquals(0, batch.boostEventsLeft());
    }

    @Test
    void observeDriftAppliesTheConfiguredActionAndReportsTheDetection() {
        Model m = Model.create(ADAM, new JavaKernels());
        assertThrows(IllegalStateException.class, () -> m.observeDrift(1.0));
        m.watchDrift(new DriftSpec(new PageHinkleySpec(0, 0, 1, 1), DriftSignal.LOSS, DriftAction.boostLr(3, 10)));
        for (int i = 0; i < 4; i++) {
            assertNull(m.observeDrift(0));
        }
        long version = m.updates();
        DriftDetection d = m.observeDrift(2);   // the hand-computed point of PageHinkleyTest: m_T = 1.6 > λ = 1
        assertNotNull(d);
        assertEquals(5, d.observation());
        assertEquals("page-hinkley", d.detector().name());
        assertEquals(1.6, d.statistics().get("statistic"), 1e-15);
        assertEquals(version, d.version());
        assertTrue(d.increase());
        assertEquals(DriftAction.boostLr(3, 10), d.action());
        assertEquals(10, m.boostEventsLeft(), "boost-lr applied");
        assertThrows(IllegalArgumentException.class, () -> m.observeDrift(Double.NaN));
        m.stopWatchingDrift();
        assertNull(m.driftSpec());
        assertTrue(m.driftStatistics().isEmpty());
    }

    @Test
    void aDetectedDecreaseIsReportedButNotActedOn() {
        Model m = Model.create(ADAM, new JavaKernels());
        m.learn(new double[] {1, 2, 3}, new double[] {1}, null);
        m.watchDrift(new DriftSpec(AdwinSpec.DEFAULT, DriftSignal.ERROR, DriftAction.RESET_OPTIMIZER));
        List<DriftDetection> found = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            DriftDetection d = m.observeDrift(i < 1_000 ? 1 : 0);   // the error rate falls from 1 to 0
            if (d != null) {
                found.add(d);
            }
        }
        assertFalse(found.isEmpty(), "ADWIN detects the fall");
        for (DriftDetection d : found) {
            assertFalse(d.increase());
            assertEquals(DriftAction.NONE, d.action());
        }
        assertEquals(0, m.state().drift().optimizerStepBase(), "the optimiser was not reset");
        assertTrue(m.state().weightSlots(1)[0][0] != 0, "Adam's m is untouched");

        m.watchDrift(new DriftSpec(AdwinSpec.DEFAULT, DriftSignal.ERROR, DriftAction.RESET_OPTIMIZER));
        DriftDetection up = null;
        for (int i = 0; i < 2_000 && up == null; i++) {
            up = m.observeDrift(i < 1_000 ? 0 : 1);   // and now it rises
        }
        assertNotNull(up);
        assertTrue(up.increase());
        assertEquals(DriftAction.RESET_OPTIMIZER, up.action());
        assertEquals(1, m.state().drift().optimizerStepBase(), "reset at version 1");
    }

    @Test
    void zeroOneErrorSignal() {
        assertEquals(0.0, DriftSignal.zeroOneError(new double[] {0.1, 0.7, 0.2}, 1, 3));
        assertEquals(1.0, DriftSignal.zeroOneError(new double[] {0.1, 0.7, 0.2}, 2, 3));
        assertEquals(1.0, DriftSignal.zeroOneError(new double[] {0.4}, new double[] {1}, 1));
        assertEquals(0.0, DriftSignal.zeroOneError(new double[] {0.6}, 1, 1));
        assertEquals(0.0, DriftSignal.ERROR.value(9.9, new double[] {0.2, 0.8}, new double[] {0, 1}, 2));
        assertEquals(9.9, DriftSignal.LOSS.value(9.9, new double[] {0.2, 0.8}, new double[] {0, 1}, 2));
    }

    private static double[][] weights(ModelState s) {
        double[][] w = new double[s.depth()][];
        for (int l = 1; l <= s.depth(); l++) {
            w[l - 1] = s.weights(l);
        }
        return w;
    }

    private static double[][] biases(ModelState s) {
        double[][] b = new double[s.depth()][];
        for (int l = 1; l <= s.depth(); l++) {
            b[l - 1] = s.bias(l);
        }
        return b;
    }
}
