package dev.streamgrad.model.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import moa.classifiers.core.driftdetection.PageHinkleyDM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link PageHinkley}: hand-computed detection points, the formulas value by value, MOA's defaults, state round trip. */
class PageHinkleyTest {

    /**
     * α = 1, δ = 0, no minimum: zeros, then 2s from index 4. Before the step x̄ = 0, m = 0, M = 0. At index 4
     * (T = 5): x̄ = 2/5 = 0.4, m = 2 − 0.4 = 1.6, M = 0. At index 5: x̄ = 4/6, m = 1.6 + 2 − 4/6 = 2.933...
     * So λ = 1 detects at index 4, λ = 2 at index 5, λ = 3 not before index 6.
     */
    @Test
    void detectsAtTheHandComputedIndexOnAStepStream() {
        double[] xs = {0, 0, 0, 0, 2, 2, 2, 2, 2, 2};
        assertEquals(List.of(4), hits(new PageHinkleySpec(0, 0, 1, 1).create(), xs).subList(0, 1));
        assertEquals(List.of(5), hits(new PageHinkleySpec(0, 0, 2, 1).create(), xs).subList(0, 1));
        assertTrue(hits(new PageHinkleySpec(0, 0, 3, 1).create(), xs).get(0) >= 6);
        PageHinkley ph = new PageHinkleySpec(0, 0, 2, 1).create();
        for (int i = 0; i < 5; i++) {
            ph.add(xs[i]);
        }
        assertEquals(1.6, ph.statistics().get("sum"), 1e-15);
        assertEquals(0.4, ph.statistics().get("estimate"), 1e-15);
        assertEquals(0.0, ph.statistics().get("min"));
    }

    @Test
    void defaultsDetectAStepOfTwoSoonAfterItAndNeverOnAConstantStream() {
        double[] step = Streams.abrupt(4_000, 2_000, 1, 3, 0.0, 1);
        List<Integer> h = hits(PageHinkleySpec.DEFAULT.create(), step);
        assertFalse(h.isEmpty());
        // m_T grows by about 2·(1 − T₀/T) per value after the step: λ = 50 is crossed within ~26 values
        assertTrue(h.get(0) >= 2_000 && h.get(0) < 2_030, "first detection at " + h.get(0));
        assertEquals(List.of(), hits(PageHinkleySpec.DEFAULT.create(), Streams.constant(100_000, 0.7)));
        assertEquals(List.of(), hits(PageHinkleySpec.DEFAULT.create(), Streams.constant(100_000, 250.0)));
    }

    @Test
    void minInstancesHoldsBackTheFirstDetection() {
        double[] xs = Streams.constant(100, 1000.0);
        xs[0] = 0;   // a huge step at index 1: m − M > λ at once
        assertEquals(1, hits(new PageHinkleySpec(0, 0.005, 50, 0.9999).create(), xs).get(0));
        // MOA counts 1 + values, so with min_instances 30 the first possible detection is the 29th value (index 28)
        assertEquals(28, hits(new PageHinkleySpec(30, 0.005, 50, 0.9999).create(), xs).get(0));
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("step 1 -> 3 at 2000", Streams.abrupt(6_000, 2_000, 1, 3, 0.5, 1), PageHinkleySpec.DEFAULT),
                Arguments.of("bernoulli 0.2 -> 0.5 at 5000", Streams.bernoulli(20_000, 5_000, 0.2, 0.5, 2),
                        new PageHinkleySpec(30, 0.005, 20, 1 - 0.0001)),
                Arguments.of("gradual 0 -> 5", Streams.gradual(20_000, 5_000, 15_000, 0, 5, 1, 3), PageHinkleySpec.DEFAULT),
                Arguments.of("noisy stationary", Streams.abrupt(50_000, 0, 1, 1, 2, 4),
                        new PageHinkleySpec(10, 0.05, 25, 0.999)));
    }

    /**
     * The statistics and detections against the formulas of docs/MATH.md evaluated directly (x̄_T, m_T, M_T, the
     * test, and the restart after a detection). MOA's released 2024.07.0 jar cannot serve as the reference here: its
     * PageHinkleyDM tests m_T &gt; λ without M_T (M_T came into MOA's source later).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void followsTheFormulasValueByValue(String name, double[] xs, PageHinkleySpec spec) {
        PageHinkley ours = spec.create();
        double mean = 0;
        double m = 0;
        double min = Double.MAX_VALUE;
        long t = 0;
        int detections = 0;
        for (int i = 0; i < xs.length; i++) {
            t++;
            mean += (xs[i] - mean) / t;
            m = spec.alpha() * m + (xs[i] - mean - spec.delta());
            min = Math.min(min, m);
            boolean expected = t + 1 >= spec.minInstances() && m - min > spec.lambda();
            assertEquals(expected, ours.add(xs[i]), name + ": detection at " + i);
            assertEquals(mean, ours.statistics().get("estimate"), name + ": x̄ at " + i);
            assertEquals(m, ours.statistics().get("sum"), name + ": m_T at " + i);
            assertEquals(min, ours.statistics().get("min"), name + ": M_T at " + i);
            if (expected) {
                detections++;
                t = 0;
                mean = 0;
                m = 0;
                min = Double.MAX_VALUE;
            }
        }
        assertEquals(detections, ours.detections());
        if (!name.startsWith("noisy")) {
            assertTrue(detections > 0, name);
        }
    }

    @Test
    void defaultAlphaIsMoasValue() {
        assertEquals(new PageHinkleyDM().alphaOption.getValue(), PageHinkleySpec.DEFAULT.alpha());
        assertEquals(new PageHinkleyDM().lambdaOption.getValue(), PageHinkleySpec.DEFAULT.lambda());
        assertEquals(new PageHinkleyDM().deltaOption.getValue(), PageHinkleySpec.DEFAULT.delta());
        assertEquals(new PageHinkleyDM().minNumInstancesOption.getValue(), PageHinkleySpec.DEFAULT.minInstances());
    }

    @Test
    void restoredMidStreamDetectsAtTheSameIndexes() {
        double[] xs = AdwinTest.concat(Streams.abrupt(5_000, 2_500, 0, 3, 1, 5), Streams.abrupt(5_000, 2_500, 0, 3, 1, 6));
        PageHinkleySpec spec = PageHinkleySpec.DEFAULT;
        List<Integer> all = hits(spec.create(), xs);
        assertTrue(all.size() >= 2, "several detections: " + all);
        for (int cut : new int[] {0, 1, all.get(0), all.get(0) + 1, 7_777}) {
            PageHinkley original = spec.create();
            for (int i = 0; i < cut; i++) {
                original.add(xs[i]);
            }
            PageHinkley restored = spec.create();
            restored.importState(original.exportState());
            assertEquals(original.statistics(), restored.statistics());
            List<Integer> rest = new ArrayList<>();
            for (int i = cut; i < xs.length; i++) {
                original.add(xs[i]);
                if (restored.add(xs[i])) {
                    rest.add(i);
                }
            }
            int from = cut;
            assertEquals(all.stream().filter(i -> i >= from).toList(), rest, "restored at " + cut);
            assertArrayEquals(original.exportState(), restored.exportState());
        }
    }

    @Test
    void badInputAndBadStateAreRejected() {
        PageHinkley ph = PageHinkleySpec.DEFAULT.create();
        ph.add(1);
        byte[] before = ph.exportState();
        assertThrows(IllegalArgumentException.class, () -> ph.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ph.importState(new byte[] {1, 2, 3}));
        byte[] flag = before.clone();
        flag[flag.length - 1] = 7;
        assertThrows(IllegalArgumentException.class, () -> ph.importState(flag));
        assertArrayEquals(before, ph.exportState());
        assertThrows(IllegalArgumentException.class, () -> new PageHinkleySpec(30, 0.005, 0, 0.9999));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkleySpec(30, 0.005, 50, 0));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkleySpec(-1, 0.005, 50, 0.9));
    }

    private static List<Integer> hits(DriftDetector d, double[] xs) {
        List<Integer> h = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (d.add(xs[i])) {
                h.add(i);
            }
        }
        return h;
    }
}
