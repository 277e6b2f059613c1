package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.drift.DriftAction;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.avro.DriftEvent;
import dev.streamgrad.topology.internal.ModelStateStore;
import dev.streamgrad.topology.internal.StoredModels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Drift detection in the learner: each model feeds its prequential loss (or 0/1 error) to its detector in stream
 * order; a detected increase is a DriftEvent, a count and the configured action; replay after a restore detects at
 * the same points and does not report twice.
 */
class DriftTopologyTest {
    /** The concept flips at this event: class (x0 &gt; x1) before, class (x0 &lt;= x1) after. */
    static final int CHANGE = 1500;
    /** A classifier slow enough to relearn that a flip of its labels raises its error for hundreds of events. */
    static final String SPEC = "{\"input_size\":2,\"layers\":[{\"size\":8,\"activation\":\"tanh\"},"
            + "{\"size\":1,\"activation\":\"sigmoid\"}],\"loss\":\"binary_cross_entropy\","
            + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.05},\"seed\":7}";
    private final List<Fixture> fixtures = new ArrayList<>();
    private String scope;

    private Fixture open(Map<String, Object> props) {
        Fixture f = new Fixture(props, Fixture.freshDir("drift"));
        fixtures.add(f);
        return f;
    }

    private Map<String, Object> props(TestInfo info, String detector, String action) {
        scope = getClass().getSimpleName() + "-" + info.getDisplayName();
        Map<String, Object> p = Fixture.props(scope, SPEC);
        p.put(StreamgradConfig.DRIFT_DETECTOR_CONFIG, detector);
        p.put(StreamgradConfig.DRIFT_ACTION_CONFIG, action);
        return p;
    }

    @AfterEach
    void closeAll() {
        for (Fixture f : fixtures) {
            f.close();
            f.dropScope();
        }
    }

    /** @return the features of event i (the same for every run) */
    static double[][] features(int n) {
        SplittableRandom rnd = new SplittableRandom(11);
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = new double[] {rnd.nextDouble(), rnd.nextDouble()};
        }
        return xs;
    }

    /** @return the class of event i: the labels flip at {@code change} (never if change &lt; 0) */
    static int target(double[] x, int i, int change) {
        int c = x[0] > x[1] ? 1 : 0;
        return change >= 0 && i >= change ? 1 - c : c;
    }

    static void feed(Fixture f, double[][] xs, int from, int to, int change) {
        for (int i = from; i < to; i++) {
            f.send("m", xs[i], target(xs[i], i, change));
        }
    }

    private static List<Long> offsets(List<DriftEvent> drifts) {
        return drifts.stream().map(DriftEvent::getSourceOffset).toList();
    }

    @Test
    void pageHinkleySignalsOneDriftRightAfterTheChangeAndNoneOnAStationaryStream(TestInfo info) {
        double[][] xs = features(3000);
        Fixture drifting = open(props(info, "page_hinkley", "none"));
        feed(drifting, xs, 0, xs.length, CHANGE);
        List<DriftEvent> drifts = drifting.drifts.readValuesToList();
        assertEquals(1, drifts.size(), drifts.toString());
        DriftEvent d = drifts.get(0);
        assertTrue(d.getSourceOffset() >= CHANGE && d.getSourceOffset() < CHANGE + 100, d.toString());
        assertEquals("m", d.getModelId());
        assertEquals("error", d.getSignal(), "a classifier's auto signal is its 0/1 error");
        assertEquals("none", d.getAction());
        assertTrue(d.getDetector().startsWith("page-hinkley("), d.getDetector());
        assertEquals(d.getSourceOffset() + 1, d.getObservation(), "one value per labeled event");
        assertEquals(d.getSourceOffset() + 1, d.getModelVersion());
        assertEquals(d.getSourceOffset(), d.getEventTime().toEpochMilli(), "the triggering record's timestamp");
        assertTrue(d.getStatistics().get("statistic") > 50, d.getStatistics().toString());
        assertEquals(1.0, drifting.metric("drifts-total", "stream-streamgrad-metrics"));

        Fixture stationary = open(props(info, "page_hinkley", "none"));
        feed(stationary, xs, 0, xs.length, -1);
        assertTrue(stationary.drifts.isEmpty());
        assertEquals(0.0, stationary.metric("drifts-total", "stream-streamgrad-metrics"));
    }

    /**
     * ADWIN cuts its window in steps: the flip is reported at the first check (every 32 values) that sees it and once
     * more while the window drops the rest of the old concept, all within 100 events; the decreases while the model
     * learns are counted in the metrics but are not drifts.
     */
    @Test
    void adwinSignalsOnlyRightAfterTheChangeAndNeverOnAStationaryStream(TestInfo info) {
        double[][] xs = features(3000);
        Map<String, Object> p = props(info, "adwin", "none");
        p.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 1000L);
        Fixture drifting = open(p);
        feed(drifting, xs, 0, xs.length, CHANGE);
        List<Long> at = offsets(drifting.drifts.readValuesToList());
        assertFalse(at.isEmpty());
        assertTrue(at.stream().allMatch(o -> o >= CHANGE && o < CHANGE + 100), at.toString());
        drifting.driver.advanceWallClockTime(java.time.Duration.ofMillis(1000));
        String metrics = new String(drifting.metrics.readValue(), StandardCharsets.UTF_8);
        assertTrue(metrics.contains("\"drifts\":" + at.size() + ".0,"), metrics);

        Fixture stationary = open(props(info, "adwin", "none"));
        feed(stationary, xs, 0, xs.length, -1);
        assertTrue(stationary.drifts.isEmpty());
    }

    /** The model's state in the store after event {@code last} of the drifting stream, checkpointed at every commit. */
    private ModelState stateAfter(TestInfo info, String action, double[][] xs, int last) {
        Map<String, Object> p = props(info, "page_hinkley", action);
        p.put(StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, 1);
        Fixture f = open(p);
        feed(f, xs, 0, last + 1, CHANGE);
        List<DriftEvent> drifts = f.drifts.readValuesToList();
        assertEquals(List.of((long) last), offsets(drifts), "the drift is the last event fed");
        assertEquals(DriftAction.parse(action).toText(), drifts.get(0).getAction());
        return StoredModels.lastCheckpoint((ModelStateStore) f.driver.getStateStore("streamgrad-models"), "m");
    }

    /**
     * Each action, applied at the detection, gives the model the no-action run's model (the two are equal up to the
     * detection) with that action applied: Model.resetOptimizer / reinitialize / boostLearningRate.
     */
    @Test
    void eachActionIsAppliedToTheModelAtTheDetection(TestInfo info) {
        double[][] xs = features(CHANGE + 100);
        Fixture probe = open(props(info, "page_hinkley", "none"));
        feed(probe, xs, 0, xs.length, CHANGE);
        int at = (int) (long) probe.drifts.readValuesToList().get(0).getSourceOffset();
        ModelState before = stateAfter(info, "none", xs, at);
        for (String action : List.of("reset-optimizer", "reset-model", "boost-lr(10,200)")) {
            ModelState got = stateAfter(info, action, xs, at);
            Model expected = Model.fromState(before);
            expected.applyDriftAction(DriftAction.parse(action));
            assertSameModel(expected.state(), got, action);
            // SGD has no slots: reset-optimizer shows as the restarted step count (stepBase = the version)
            assertTrue(!java.util.Arrays.equals(before.weights(1), got.weights(1))
                    || before.drift().optimizerStepBase() != got.drift().optimizerStepBase()
                    || before.drift().lrFactorEvents() != got.drift().lrFactorEvents(), action + " changed nothing");
        }
    }

    private static void assertSameModel(ModelState expected, ModelState got, String action) {
        assertEquals(expected.updates(), got.updates(), action);
        for (int l = 1; l <= expected.depth(); l++) {
            assertArrayEquals(expected.weights(l), got.weights(l), action + " W" + l);
            assertArrayEquals(expected.bias(l), got.bias(l), action + " b" + l);
            for (int k = 0; k < expected.weightSlots(l).length; k++) {
                assertArrayEquals(expected.weightSlots(l)[k], got.weightSlots(l)[k], action + " slot " + k);
            }
        }
        assertEquals(expected.drift().optimizerStepBase(), got.drift().optimizerStepBase(), action);
        assertEquals(expected.drift().lrFactor(), got.drift().lrFactor(), action);
        assertEquals(expected.drift().lrFactorEvents(), got.drift().lrFactorEvents(), action);
    }

    /**
     * A crash between ADWIN's two detections: the restarted learner restores the model from its checkpoint (which
     * holds the detector) plus its log (whose replay passes the first detection again without reporting it), and
     * reports the second exactly as the run without the crash.
     */
    @Test
    void aRestoreMidStreamDetectsAtTheSamePointsAndReportsEachOnce(TestInfo info) {
        Map<String, Object> p = props(info, "adwin", "reset-optimizer");
        p.put(StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, 500);
        double[][] xs = features(2000);
        Fixture straight = open(p);
        feed(straight, xs, 0, xs.length, CHANGE);
        List<DriftEvent> expected = straight.drifts.readValuesToList();
        assertEquals(2, expected.size(), expected.toString());
        int crash = (int) ((expected.get(0).getSourceOffset() + expected.get(1).getSourceOffset()) / 2);

        Fixture crashing = open(p);
        feed(crashing, xs, 0, crash, CHANGE);
        List<DriftEvent> got = new ArrayList<>(crashing.drifts.readValuesToList());
        List<KeyValue<Bytes, byte[]>> stored = new ArrayList<>();
        try (var it = ((ModelStateStore) crashing.driver.getStateStore("streamgrad-models")).kv().all()) {
            it.forEachRemaining(stored::add);
        }
        assertTrue(stored.stream().anyMatch(kv -> kv.key.get()[0] == 'W'), "the log is replayed");
        Fixture restarted = open(p);
        KeyValueStore<Bytes, byte[]> store = ((ModelStateStore) restarted.driver.getStateStore("streamgrad-models")).kv();
        stored.forEach(kv -> store.put(kv.key, kv.value));
        for (int i = 0; i < crash; i++) {   // a new driver's offsets start at 0: fill them with unlabeled events
            restarted.send("m", xs[i], null);
        }
        feed(restarted, xs, crash, xs.length, CHANGE);
        List<DriftEvent> after = restarted.drifts.readValuesToList();
        assertEquals(1, after.size(), "the replayed detection is not reported again: " + after);
        got.addAll(after);
        assertEquals(expected, got);
    }
}
