package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.Target;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Label;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Late labels through the training topology (TopologyTestDriver): the join, a label before its features, duplicates,
 * expiry in stream time, the byte budget, restore from the store, labels for unknown models and bad labels.
 */
class LateLabelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LABELS = "streamgrad-labels";
    private final List<Fixture> fixtures = new ArrayList<>();
    private String scope;

    /** A training topology with a labels topic. */
    private final class LabelFixture {
        final Fixture f;
        final TestInputTopic<byte[], byte[]> labels;
        final Serde<Label> labelSerde;

        LabelFixture(Fixture f) {
            this.f = f;
            fixtures.add(f);
            labels = f.driver.createInputTopic(LABELS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            labelSerde = f.serde(Label.class);
        }

        void event(String model, double[] x, String id, long ts) {
            f.input.pipeInput(model.getBytes(StandardCharsets.UTF_8), f.bytes(Fixture.event(x, null, id)), ts);
        }

        void labeledEvent(String model, double[] x, Object target, long ts) {
            f.input.pipeInput(model.getBytes(StandardCharsets.UTF_8), f.bytes(Fixture.event(x, target, null)), ts);
        }

        void label(String model, String eventId, Object target, long ts) {
            labels.pipeInput(model == null ? null : model.getBytes(StandardCharsets.UTF_8), labelSerde.serializer()
                    .serialize(LABELS, Label.newBuilder().setEventId(eventId).setTarget(target).build()), ts);
        }

        void labelRaw(String model, byte[] value, long ts) {
            labels.pipeInput(model.getBytes(StandardCharsets.UTF_8), value, ts);
        }

        JsonNode lastMetrics() throws Exception {
            f.driver.advanceWallClockTime(Duration.ofSeconds(2));
            List<byte[]> values = f.metrics.readValuesToList();
            assertFalse(values.isEmpty(), "a metrics report");
            return JSON.readTree(values.get(values.size() - 1));
        }
    }

    private Map<String, Object> props(TestInfo info, String spec) {
        scope = getClass().getSimpleName() + "-" + info.getDisplayName();
        Map<String, Object> p = Fixture.props(scope, spec);
        p.put(StreamgradConfig.LABELS_TOPIC_CONFIG, LABELS);
        p.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 5L);
        return p;
    }

    private LabelFixture open(Map<String, Object> props) {
        return new LabelFixture(new Fixture(props, Fixture.freshDir("labels")));
    }

    @AfterEach
    void closeAll() {
        for (Fixture f : fixtures) {
            f.close();
            f.dropScope();
        }
    }

    private static double[][] xs(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = new double[] {rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1};
        }
        return xs;
    }

    private static int xorClass(double[] x) {
        return (x[0] > 0) != (x[1] > 0) ? 1 : 0;
    }

    /** @return the last snapshot of model m, timeless */
    private static WeightSnapshot last(Fixture f, String m) {
        List<WeightSnapshot> s = f.snapshotsOf(m);
        assertFalse(s.isEmpty(), "a snapshot of " + m);
        return Fixture.timeless(s.get(s.size() - 1));
    }

    /** The same examples, each sent with its target, in the given order: what the late run must learn. */
    private WeightSnapshot expected(Map<String, Object> props, double[][] xs, int[] order) {
        Map<String, Object> p = new java.util.HashMap<>(props);
        p.remove(StreamgradConfig.LABELS_TOPIC_CONFIG);
        Fixture f = new Fixture(p, Fixture.freshDir("expected"));
        fixtures.add(f);
        for (int i : order) {
            f.send("m", xs[i], xorClass(xs[i]));
        }
        return last(f, "m");
    }

    @Test
    void lateLabelsJoinTheirFeaturesAndTheMetricsScoreThePredictionMadeThen(TestInfo info) throws Exception {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 1000L);
        LabelFixture lf = open(props);
        double[][] xs = xs(20, 1);
        for (int i = 0; i < xs.length; i++) {
            lf.event("m", xs[i], "e" + i, 1000 + i);
        }
        // every prediction was made before any label: version 0, no loss
        List<Prediction> preds = lf.f.predictions.readValuesToList();
        assertEquals(20, preds.size());
        preds.forEach(p -> {
            assertEquals(0L, p.getModelVersion());
            assertNull(p.getLoss());
        });
        int[] order = new int[xs.length];
        for (int k = 0; k < xs.length; k++) {
            order[k] = xs.length - 1 - k;   // labels in reverse order, 500..519 ms later
            lf.label("m", "e" + order[k], xorClass(xs[order[k]]), 1500 + k);
        }
        assertTrue(lf.f.predictions.isEmpty(), "a label is not an event: no prediction");
        assertEquals(expected(props, xs, order), last(lf.f, "m"), "learned the pairs in label order, bit for bit");

        // delayed prequential: each pair is scored with the prediction of the untrained model (version 0)
        Model fresh = Model.create(new StreamgradConfig(props).networkSpec(), KernelFactory.forMode(KernelMode.JAVA));
        double sum = 0;
        for (double[] x : xs) {
            double[] a = new double[1];
            double[] z = new double[1];
            fresh.predict(x, a, z);
            sum += fresh.loss(z, a, Target.classIndex(xorClass(x)), 1.0);
        }
        JsonNode m = lf.lastMetrics();
        assertEquals(sum / xs.length, m.get("meanLoss").asDouble(), 1e-12);
        assertEquals(20, m.get("labeled").asInt());
        assertEquals(20, m.get("labelsJoined").asInt());
        assertEquals(0, m.get("featuresWaiting").asInt());
        // delays 481..519 ms: 20 - 1 + 500 - 19 + 2k
        assertTrue(m.get("labelDelayP50Ms").asDouble() >= 481 && m.get("labelDelayP99Ms").asDouble() <= 519,
                m.toString());
        assertEquals(519.0, m.get("labelDelayP99Ms").asDouble());
        assertEquals(20.0, lf.f.metric("labels-joined-total", "stream-streamgrad-metrics"));
        assertEquals(519.0, lf.f.metric("label-delay-p99", "stream-streamgrad-metrics"), "recorded at the commit");
        assertEquals(0.0, lf.f.metric("labels-waiting", "stream-streamgrad-metrics"));
    }

    @Test
    void aLabelBeforeItsFeaturesWaitsAndTheEventIsLearnedWhenItArrives(TestInfo info) throws Exception {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 1000L);
        LabelFixture lf = open(props);
        double[][] xs = xs(6, 2);
        for (int i = 0; i < xs.length; i++) {
            lf.label("m", "e" + i, xorClass(xs[i]), 100 + i);
        }
        assertTrue(lf.f.snapshots.isEmpty(), "a waiting label creates no model");
        for (int i = 0; i < xs.length; i++) {
            lf.event("m", xs[i], "e" + i, 200 + i);
        }
        List<Prediction> preds = lf.f.predictions.readValuesToList();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(i, preds.get(i).getModelVersion(), "learned at once, like a labeled event");
            assertNotNull(preds.get(i).getLoss());
        }
        assertEquals(expected(props, xs, new int[] {0, 1, 2, 3, 4, 5}), last(lf.f, "m"));
        JsonNode m = lf.lastMetrics();
        assertEquals(6, m.get("labelsJoined").asInt());
        assertEquals(0.0, m.get("labelDelayP99Ms").asDouble(), "the label came first: delay 0");
    }

    @Test
    void aDuplicateLabelIsLearnedOnce(TestInfo info) throws Exception {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 1000L);
        LabelFixture lf = open(props);
        lf.event("m", new double[] {0.5, -0.5}, "a", 10);
        lf.label("m", "a", 1, 20);
        lf.label("m", "a", 1, 30);
        lf.label("m", "a", 0, 40);
        lf.event("m", new double[] {0.5, 0.5}, "b", 50);
        List<Prediction> preds = lf.f.predictions.readValuesToList();
        assertEquals(1L, preds.get(1).getModelVersion(), "one update from three labels");
        JsonNode m = lf.lastMetrics();
        assertEquals(2, m.get("labelDuplicates").asInt());
        assertEquals(1, m.get("labeled").asInt());
        // an early label followed by its duplicate: also once
        lf.label("m", "c", 1, 60);
        lf.event("m", new double[] {-0.5, 0.5}, "c", 70);
        lf.label("m", "c", 1, 80);
        lf.event("m", new double[] {0.1, 0.1}, "d", 90);
        preds = lf.f.predictions.readValuesToList();
        assertEquals(2L, preds.get(preds.size() - 1).getModelVersion());
    }

    @Test
    void heldItemsExpireInStreamTimeNotWallClockAndAreDeadLettered(TestInfo info) throws Exception {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.LABELS_MAX_DELAY_MS_CONFIG, 1000L);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 1000L);
        LabelFixture lf = open(props);
        lf.event("m", new double[] {0.5, -0.5}, "early", 0);
        lf.label("m", "ghost", 1, 100);
        lf.f.driver.advanceWallClockTime(Duration.ofHours(10));
        lf.event("m", new double[] {0.5, 0.5}, "x", 1000);   // 1000 ms of stream time: nothing has expired yet
        assertTrue(lf.f.deadLetters.isEmpty(), "ten hours of wall clock expire nothing");
        lf.event("m", new double[] {0.5, 0.5}, "y", 1001);   // features "early" are now 1001 ms old
        List<TestRecord<byte[], DeadLetter>> dead = lf.f.deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        DeadLetter d = dead.get(0).value();
        assertEquals(DeadLetterReason.FEATURES_EXPIRED, d.getReason());
        assertEquals("m", new String(dead.get(0).key(), StandardCharsets.UTF_8));
        assertEquals("streamgrad-events", d.getSourceTopic());
        assertEquals(0L, d.getSourceOffset());
        assertTrue(d.getMessage().contains("'early'"), d.getMessage());
        lf.label("m", "z", 0, 1101);   // the label "ghost" (100) is now 1001 ms old
        dead = lf.f.deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals(DeadLetterReason.LABEL_EXPIRED, dead.get(0).value().getReason());
        assertEquals(LABELS, dead.get(0).value().getSourceTopic());
        // the label of the expired features comes too late: it waits (and would expire in turn), nothing is learned
        lf.label("m", "early", 1, 1102);
        lf.event("m", new double[] {0.1, 0.2}, "w", 1103);
        List<Prediction> preds = lf.f.predictions.readValuesToList();
        assertEquals(0L, preds.get(preds.size() - 1).getModelVersion());
        JsonNode m = lf.lastMetrics();
        assertEquals(1, m.get("featuresExpired").asInt());
        assertEquals(1, m.get("labelsExpired").asInt());
        assertEquals(2, m.get("labelsWaiting").asInt(), "z and early");
        assertEquals(3, m.get("featuresWaiting").asInt(), "x, y and w");
        assertEquals(1.0, lf.f.metric("features-expired-total", "stream-streamgrad-metrics"));
        assertEquals(1.0, lf.f.metric("labels-expired-total", "stream-streamgrad-metrics"));
        assertEquals(5.0, lf.f.metric("labels-waiting", "stream-streamgrad-metrics"),
                "labels z and early, features x, y and w: at the commit");
    }

    @Test
    void theByteBudgetEvictsTheOldestFirst(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        // one held XOR item (model "m", a 1-char id, 2 features, 1 output) is 7 key + 57 + 8 * 4 value = 96 bytes
        props.put(StreamgradConfig.LABELS_MAX_BYTES_CONFIG, 200L);
        LabelFixture lf = open(props);
        lf.event("m", new double[] {0.5, -0.5}, "a", 30);
        lf.event("m", new double[] {0.5, 0.5}, "b", 10);    // older than a: evicted first
        assertTrue(lf.f.deadLetters.isEmpty());
        lf.event("m", new double[] {-0.5, 0.5}, "c", 20);
        List<DeadLetter> dead = lf.f.deadLetters.readValuesToList();
        assertEquals(1, dead.size());
        assertEquals(DeadLetterReason.FEATURES_EXPIRED, dead.get(0).getReason());
        assertTrue(dead.get(0).getMessage().contains("'b'") && dead.get(0).getMessage().contains("labels.max.bytes"),
                dead.get(0).getMessage());
        lf.label("m", "a", 1, 40);
        lf.label("m", "c", 1, 41);
        lf.event("m", new double[] {0.1, 0.1}, "d", 42);
        List<Prediction> preds = lf.f.predictions.readValuesToList();
        assertEquals(2L, preds.get(preds.size() - 1).getModelVersion(), "a and c were held and learned");
    }

    @Test
    void heldFeaturesAndLabelsAreRestoredFromTheStoreAfterARestart(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        double[][] xs = xs(10, 3);
        Path kept = Fixture.freshDir("kept");
        Path dir1 = Fixture.freshDir("first");
        StreamgradLearner learner = StreamgradLearner.create(props);
        LabelFixture first = new LabelFixture(new Fixture(props, dir1, StreamgradTopology.training(
                learner.withStoreSupplier(CopyOnCloseStore.supplier(learner.storeName(), dir1, kept)))));
        for (int i = 0; i < 8; i++) {
            first.event("m", xs[i], "e" + i, 100 + i);
        }
        first.label("m", "e3", xorClass(xs[3]), 200);
        first.label("m", "e9", xorClass(xs[9]), 201);   // before its features
        first.f.close();
        fixtures.remove(first.f);
        Path dir2 = Fixture.freshDir("second");
        Fixture.copyTree(kept, dir2);
        LabelFixture second = new LabelFixture(new Fixture(props, dir2, StreamgradTopology.training(
                learner.withStoreSupplier(Stores.persistentKeyValueStore(learner.storeName())))));
        second.f.input.pipeInput("m".getBytes(StandardCharsets.UTF_8), second.f.bytes(Fixture.event(xs[9], null,
                "e9")), 300);
        second.label("m", "e3", xorClass(xs[3]), 301);   // a duplicate of a label joined before the restart
        for (int i : new int[] {7, 0, 5}) {
            second.label("m", "e" + i, xorClass(xs[i]), 302 + i);
        }
        assertEquals(expected(props, xs, new int[] {3, 9, 7, 0, 5}), last(second.f, "m"),
                "held features, a waiting label and the joined ids came back from the store");
    }

    @Test
    void aLabelForAModelNobodyHasWaitsWithoutCreatingItAndExpires(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.LABELS_MAX_DELAY_MS_CONFIG, 50L);
        LabelFixture lf = open(props);
        lf.label("nobody", "e1", 1, 0);
        lf.event("m", new double[] {0.5, 0.5}, "e1", 100);   // another model's event with the same id: no join
        assertTrue(lf.f.snapshotsOf("nobody").isEmpty(), "no model was created for the label");
        List<TestRecord<byte[], DeadLetter>> dead = lf.f.deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals("nobody", new String(dead.get(0).key(), StandardCharsets.UTF_8));
        assertEquals(DeadLetterReason.LABEL_EXPIRED, dead.get(0).value().getReason());
    }

    @Test
    void badLabelsAreDeadLetteredWithTheirReasonAndTheAppGoesOn(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        LabelFixture lf = open(props);
        lf.event("m", new double[] {0.5, -0.5}, "a", 1);
        lf.labelRaw("m", new byte[] {0, 0, 0, 0x7F, 1, 2, 3}, 2);               // schema id 127: unknown
        lf.labelRaw("m", lf.f.bytes(Fixture.event(new double[] {1, 2}, 1, "a")), 3);   // an event on the labels topic
        lf.label("m", "x".repeat(100_000), 1, 4);
        lf.label("m", "a", 2, 5);                           // class 2 of a binary model
        lf.label("m", "a", List.of(0.5, 0.5), 6);           // 2 values for 1 output
        lf.label("m", "a", Double.NaN, 7);
        lf.label("m", "a", 1e300, 8);
        lf.label("m", "", 1, 9);
        lf.label(null, "a", 1, 10);
        lf.labelRaw("m", null, 11);
        lf.event("m", new double[] {0.5, -0.5}, "y".repeat(5000), 12);   // an event id too long to hold
        List<DeadLetterReason> reasons = lf.f.deadLetters.readValuesToList().stream().map(DeadLetter::getReason)
                .toList();
        assertEquals(List.of(DeadLetterReason.UNKNOWN_SCHEMA, DeadLetterReason.INCOMPATIBLE_SCHEMA,
                DeadLetterReason.INVALID_RECORD, DeadLetterReason.LABEL_OUT_OF_RANGE, DeadLetterReason.WRONG_DIMENSION,
                DeadLetterReason.NON_FINITE_VALUE, DeadLetterReason.VALUE_TOO_LARGE, DeadLetterReason.INVALID_RECORD,
                DeadLetterReason.INVALID_RECORD, DeadLetterReason.MALFORMED_BYTES, DeadLetterReason.INVALID_RECORD),
                reasons);
        lf.label("m", "a", 1, 13);
        lf.event("m", new double[] {0.1, 0.1}, "b", 14);
        List<Prediction> preds = lf.f.predictions.readValuesToList();
        assertEquals(1L, preds.get(preds.size() - 1).getModelVersion(), "the good label joined after all that");
    }

    @Test
    void withAConstantModelIdLabelsTakeTheEventsRepartitionTopic(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "constant");
        props.put(StreamgradConfig.MODEL_ID_CONSTANT_CONFIG, "m");
        LabelFixture lf = open(props);
        double[][] xs = xs(5, 4);
        for (int i = 0; i < xs.length; i++) {
            lf.event("any-key", xs[i], "e" + i, 10 + i);
        }
        for (int i = 0; i < xs.length; i++) {
            lf.label("other-key", "e" + i, xorClass(xs[i]), 20 + i);
        }
        assertEquals(expected(props, xs, new int[] {0, 1, 2, 3, 4}), last(lf.f, "m"));
        assertTrue(StreamgradTopology.training(props).describe().toString().contains("label-rekey"));
    }

    @Test
    void withTheModelIdInAFieldALabelNamesItsModel(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "field");
        props.put(StreamgradConfig.MODEL_ID_FIELD_CONFIG, "id");   // one model per event id: enough to route by it
        LabelFixture lf = open(props);
        lf.event("k", new double[] {0.5, -0.5}, "e1", 10);
        Serde<Label> serde = lf.labelSerde;
        lf.labelRaw("k", serde.serializer().serialize(LABELS, Label.newBuilder().setEventId("e1").setTarget(1)
                .build()), 20);                                                   // no modelId
        lf.labelRaw("k", serde.serializer().serialize(LABELS, Label.newBuilder().setEventId("e1").setTarget(1)
                .setModelId("e1").build()), 21);
        List<DeadLetter> dead = lf.f.deadLetters.readValuesToList();
        assertEquals(1, dead.size());
        assertEquals(DeadLetterReason.MAPPING_FAILED, dead.get(0).getReason());
        assertTrue(dead.get(0).getMessage().contains("model id"), dead.get(0).getMessage());
        lf.event("k", new double[] {0.5, 0.5}, "e1", 30);                       // the same model again
        List<Prediction> preds = lf.f.predictions.readValuesToList();
        assertEquals(1L, preds.get(preds.size() - 1).getModelVersion(), "the label with its model id joined");
    }

    @Test
    void usersOwnJsonLabelsAreMappedByConfiguration(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.LABELS_FORMAT_CONFIG, "json");
        props.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "constant");
        props.put(StreamgradConfig.MODEL_ID_CONSTANT_CONFIG, "m");
        props.put("streamgrad.labels.mapper.event.id", "payment.id");
        props.put("streamgrad.labels.mapper.label", "outcome");
        props.put("streamgrad.labels.mapper.label.classes", "ok,fraud");
        LabelFixture lf = open(props);
        double[][] xs = xs(4, 5);
        for (int i = 0; i < xs.length; i++) {
            lf.event("k", xs[i], "e" + i, 10 + i);
        }
        for (int i = 0; i < xs.length; i++) {
            lf.labelRaw("k", ("{\"payment\":{\"id\":\"e" + i + "\"},\"outcome\":\""
                    + (xorClass(xs[i]) == 1 ? "fraud" : "ok") + "\"}").getBytes(StandardCharsets.UTF_8), 20 + i);
        }
        assertEquals(expected(props, xs, new int[] {0, 1, 2, 3}), last(lf.f, "m"));
        lf.labelRaw("k", "{\"payment\":{\"id\":\"e9\"}}".getBytes(StandardCharsets.UTF_8), 30);
        lf.labelRaw("k", "{\"payment\":{\"id\":\"e9\"},\"outcome\":\"maybe\"}".getBytes(StandardCharsets.UTF_8),
                31);
        lf.labelRaw("k", "not json".getBytes(StandardCharsets.UTF_8), 32);
        List<DeadLetter> dead = lf.f.deadLetters.readValuesToList();
        assertEquals(List.of(DeadLetterReason.MAPPING_FAILED, DeadLetterReason.LABEL_OUT_OF_RANGE,
                DeadLetterReason.MALFORMED_BYTES), dead.stream().map(DeadLetter::getReason).toList());
        assertEquals("outcome", dead.get(0).getField());
    }

    @Test
    void lateLabelsLearnPerEvent(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.BATCH_SIZE_CONFIG, 4);
        ConfigException e = assertThrows(ConfigException.class, () -> new StreamgradConfig(props));
        assertTrue(e.getMessage().contains(StreamgradConfig.LABELS_TOPIC_CONFIG), e.getMessage());
    }

    @Test
    void withoutALabelsTopicAnEventWithAnIdIsOnlyPredicted(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.remove(StreamgradConfig.LABELS_TOPIC_CONFIG);
        Fixture f = new Fixture(props, Fixture.freshDir("nolabels"));
        fixtures.add(f);
        f.input.pipeInput("m".getBytes(StandardCharsets.UTF_8), f.bytes(Fixture.event(new double[] {1, 0}, null,
                "e")), 1);
        assertEquals(0L, f.predictions.readValue().getModelVersion());
        assertFalse(StreamgradTopology.training(props).describe().toString().contains("label"));
    }
}
