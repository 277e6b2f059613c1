package dev.streamgrad.model.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import moa.classifiers.core.driftdetection.ADWIN;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Adwin} against MOA 2024.07.0's own {@code ADWIN}, value by value, and its state round trip. */
class AdwinTest {

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("abrupt mean shift 0.2 -> 0.8 at 5000", Streams.abrupt(10_000, 5_000, 0.2, 0.8, 0.1, 1)),
                Arguments.of("small abrupt shift 0.5 -> 0.55 at 20000", Streams.abrupt(40_000, 20_000, 0.5, 0.55, 0.2, 2)),
                Arguments.of("gradual 0 -> 1 over 3000..9000", Streams.gradual(15_000, 3_000, 9_000, 0, 1, 0.3, 3)),
                Arguments.of("bernoulli errors 0.2 -> 0.4 at 10000", Streams.bernoulli(20_000, 10_000, 0.2, 0.4, 4)),
                Arguments.of("bernoulli errors 0.1 -> 0.5 -> 0.1", concat(Streams.bernoulli(8_000, 4_000, 0.1, 0.5, 5),
                        Streams.bernoulli(4_000, 0, 0.1, 0.1, 6))),
                Arguments.of("stationary bernoulli 0.3", Streams.bernoulli(50_000, 50_000, 0.3, 0.3, 7)),
                Arguments.of("constant 0.5", Streams.constant(20_000, 0.5)),
                // windows of ~300,000: MOA's int products n1*WIDTH and 2^r*2^r overflow here (see Adwin's javadoc)
                Arguments.of("long bernoulli 0.3 -> 0.6 at 300000", Streams.bernoulli(340_000, 300_000, 0.3, 0.6, 8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void detectsAtTheSameIndexesAsMoa(String name, double[] xs) {
        ADWIN moa = new ADWIN();
        Adwin ours = AdwinSpec.DEFAULT.create();
        List<Integer> moaHits = new ArrayList<>();
        List<Integer> ourHits = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (moa.setInput(xs[i])) {
                moaHits.add(i);
            }
            if (ours.add(xs[i])) {
                ourHits.add(i);
            }
            assertEquals(moa.getWidth(), ours.width(), name + ": width at " + i);
            if (moa.getWidth() > 0) {
                assertEquals(Double.doubleToLongBits(moa.getEstimation()), Double.doubleToLongBits(ours.estimate()),
                        name + ": estimate at " + i);
                assertEquals(Double.doubleToLongBits(moa.getVariance()), Double.doubleToLongBits(ours.variance()),
                        name + ": variance at " + i);
            }
        }
        assertEquals(moaHits, ourHits, name);
        assertEquals(moa.getNumberDetections(), ours.detections());
        if (name.startsWith("constant")) {
            assertTrue(ourHits.isEmpty(), "a constant stream never changes: " + ourHits);
        } else if (!name.startsWith("stationary")) {
            assertFalse(ourHits.isEmpty(), name + ": a drifting stream is detected");
        }
    }

    @Test
    void detectsTheAbruptShiftSoonAfterItHappensAndNotBefore() {
        double[] xs = Streams.abrupt(10_000, 5_000, 0.2, 0.8, 0.1, 1);
        Adwin a = AdwinSpec.DEFAULT.create();
        int first = -1;
        for (int i = 0; i < xs.length && first < 0; i++) {
            if (a.add(xs[i])) {
                first = i;
            }
        }
        // the test runs every 32 values: the first check after the shift that sees enough new values cuts
        assertTrue(first >= 5_000 && first < 5_000 + 64, "first detection at " + first);
    }

    @Test
    void otherDeltaAndClockAgreeWithMoa() {
        double[] xs = Streams.abrupt(20_000, 10_000, 0.3, 0.4, 0.2, 11);
        ADWIN moa = new ADWIN(0.1);
        moa.setClock(1);
        Adwin ours = new AdwinSpec(0.1, 1, 5, 10, 5).create();
        List<Integer> moaHits = new ArrayList<>();
        List<Integer> ourHits = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (moa.setInput(xs[i])) {
                moaHits.add(i);
            }
            if (ours.add(xs[i])) {
                ourHits.add(i);
            }
        }
        assertFalse(ourHits.isEmpty());
        assertEquals(moaHits, ourHits);
    }

    @Test
    void restoredMidStreamDetectsAtTheSameIndexes() {
        double[] xs = concat(Streams.abrupt(12_000, 6_000, 0.2, 0.6, 0.15, 21), Streams.bernoulli(12_000, 6_000, 0.2, 0.7, 22));
        for (int cut : new int[] {0, 1, 31, 32, 5_999, 6_017, 15_000}) {
            Adwin original = AdwinSpec.DEFAULT.create();
            List<Integer> expected = new ArrayList<>();
            List<Integer> actual = new ArrayList<>();
            Adwin restored = null;
            for (int i = 0; i < xs.length; i++) {
                if (i == cut) {
                    restored = AdwinSpec.DEFAULT.create();
                    restored.importState(original.exportState());
                    assertEquals(original.statistics(), restored.statistics(), "statistics after import");
                }
                if (original.add(xs[i])) {
                    expected.add(i);
                }
                if (restored != null && restored.add(xs[i])) {
                    actual.add(i);
                }
            }
            assertFalse(expected.isEmpty());
            int from = cut;
            assertEquals(expected.stream().filter(i -> i >= from).toList(), actual, "restored at " + cut);
            assertArrayEquals(original.exportState(), restored.exportState(), "same final state, restored at " + cut);
        }
    }

    @Test
    void resetForgetsEverything() {
        Adwin a = AdwinSpec.DEFAULT.create();
        byte[] fresh = a.exportState();
        for (double x : Streams.abrupt(3_000, 1_500, 0, 1, 0.1, 9)) {
            a.add(x);
        }
        assertTrue(a.detections() > 0);
        a.reset();
        assertArrayEquals(fresh, a.exportState());
        assertEquals(0, a.width());
        assertEquals(0.0, a.statistics().get("detections"));
    }

    @Test
    void badInputAndBadStateAreRejectedAndChangeNothing() {
        Adwin a = AdwinSpec.DEFAULT.create();
        for (double x : Streams.bernoulli(500, 0, 0.3, 0.3, 10)) {
            a.add(x);
        }
        byte[] before = a.exportState();
        assertThrows(IllegalArgumentException.class, () -> a.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> a.add(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> a.importState(Arrays.copyOf(before, before.length - 3)));
        byte[] wrongVersion = before.clone();
        wrongVersion[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> a.importState(wrongVersion));
        byte[] wrongWidth = before.clone();
        wrongWidth[1 + 8 + 3] ^= 1;   // low byte of the width: no longer the buckets' sum
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.importState(wrongWidth)).getMessage()
                .contains("width"));
        assertArrayEquals(before, a.exportState(), "unchanged after the rejected calls");
        assertThrows(IllegalArgumentException.class, () -> PageHinkleySpec.DEFAULT.create().importState(before));
    }

    @Test
    void specValidatesAndPrintsItsParameters() {
        assertThrows(IllegalArgumentException.class, () -> AdwinSpec.withDelta(0));
        assertThrows(IllegalArgumentException.class, () -> AdwinSpec.withDelta(1));
        assertThrows(IllegalArgumentException.class, () -> new AdwinSpec(0.002, 0, 5, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> new AdwinSpec(0.002, 32, 1, 10, 5));
        assertEquals("adwin(delta=0.002,clock=32,max_buckets=5,min_window_length=10,min_sub_window_length=5)",
                AdwinSpec.DEFAULT.toText());
        assertEquals(AdwinSpec.DEFAULT, DetectorSpec.parse(AdwinSpec.DEFAULT.toText()));
    }

    static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
