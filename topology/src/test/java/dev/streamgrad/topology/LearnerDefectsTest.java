package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.topology.internal.ModelStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The defects of issue 9, each through the whole training topology (TopologyTestDriver): every one of these failed
 * on the learner before it was split into parts.
 */
class LearnerDefectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOFTMAX_SPEC = "{\"input_size\":2,\"layers\":[{\"size\":8,\"activation\":\"tanh\"},"
            + "{\"size\":3,\"activation\":\"softmax\"}],\"loss\":\"cross_entropy\","
            + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.2},\"seed\":11}";
    private final List<Fixture> fixtures = new ArrayList<>();
    private String scope;

    private Fixture open(Map<String, Object> props) {
        Fixture f = new Fixture(props, Fixture.freshDir("defects"));
        fixtures.add(f);
        return f;
    }

    private Map<String, Object> props(TestInfo info, String spec) {
        scope = getClass().getSimpleName() + "-" + info.getDisplayName() + "-" + fixtures.size();
        return Fixture.props(scope, spec);
    }

    @AfterEach
    void closeAll() {
        for (Fixture f : fixtures) {
            f.close();
            f.dropScope();
        }
    }

    private static List<KeyValue<Bytes, byte[]>> storeEntries(Fixture f) {
        KeyValueStore<Bytes, byte[]> kv = ((ModelStateStore) f.driver.getStateStore("streamgrad-models")).kv();
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = kv.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    // Defect 2 ---------------------------------------------------------------------------------------------------

    @Test
    void rejectedRecordsCreateNoModelSnapshotOrCheckpoint(TestInfo info) {
        Fixture f = open(props(info, Fixture.REGRESSION_SPEC));
        for (int i = 0; i < 5000; i++) {
            f.send("k" + i, new double[] {1, 2, 3}, 0.5);   // the model takes 2 features
        }
        assertEquals(5000, f.deadLetters.readValuesToList().stream()
                .filter(d -> d.getReason() == DeadLetterReason.WRONG_DIMENSION).count());
        assertTrue(f.snapshots.isEmpty(), "no snapshot of a model that was never created");
        assertEquals(List.of(), storeEntries(f), "no checkpoint or log entry in the model store");
        assertEquals(0.0, f.metric("checkpoints-total", "stream-streamgrad-metrics"));
    }

    // Defect 4 ---------------------------------------------------------------------------------------------------

    private static final double[][] BATCH_X = {{0.1, 0.2}, {1e300, 1e300}, {0.3, -0.2}, {-0.5, 0.4}};
    private static final double[] BATCH_Y = {0.5, 1e300, -0.1, 0.2};

    @Test
    void aRefusedEventOfAFullMicroBatchIsDeadLetteredAloneAndTheOthersAreLearned(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.BATCH_SIZE_CONFIG, 4);
        // 1e300 is above the default streamgrad.input.max.abs (VALUE_TOO_LARGE): lift the bound to reach the update
        props.put(StreamgradConfig.INPUT_MAX_ABS_CONFIG, Double.MAX_VALUE);
        Fixture batched = open(props);
        for (int i = 0; i < 4; i++) {
            batched.send("m", BATCH_X[i], BATCH_Y[i]);
        }
        List<DeadLetter> dl = batched.deadLetters.readValuesToList();
        assertEquals(1, dl.size(), "exactly the refused event is dead-lettered: " + dl);
        assertEquals(DeadLetterReason.UPDATE_REFUSED, dl.get(0).getReason());
        assertEquals(1L, dl.get(0).getSourceOffset(), "the refused event, not the last one of the batch");
        assertEquals(4, batched.predictions.readValuesToList().size(), "every event was predicted");
        batched.send("m", new double[] {0.2, 0.2}, null);
        Prediction afterBatch = batched.predictions.readValue();

        // The same three good events learned one at a time give the same model, bit for bit.
        Fixture single = open(props(info, Fixture.REGRESSION_SPEC));
        for (int i : new int[] {0, 2, 3}) {
            single.send("m", BATCH_X[i], BATCH_Y[i]);
        }
        single.predictions.readValuesToList();
        single.send("m", new double[] {0.2, 0.2}, null);
        Prediction afterSingles = single.predictions.readValue();
        assertEquals(3L, afterBatch.getModelVersion());
        assertEquals(afterSingles.getOutput(), afterBatch.getOutput());
    }

    @Test
    void aRefusedEventOfABatchAppliedByAgeIsDeadLetteredAndTheOthersAreLearned(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.BATCH_SIZE_CONFIG, 32);
        // 1e300 is above the default streamgrad.input.max.abs (VALUE_TOO_LARGE): lift the bound to reach the update
        props.put(StreamgradConfig.INPUT_MAX_ABS_CONFIG, Double.MAX_VALUE);
        props.put(StreamgradConfig.BATCH_MAX_AGE_MS_CONFIG, 400L);
        Fixture f = open(props);
        for (int i = 0; i < 4; i++) {
            f.input.pipeInput("m".getBytes(StandardCharsets.UTF_8), f.bytes(Fixture.event(BATCH_X[i], BATCH_Y[i],
                    null)), i);
        }
        // Stream time (the record timestamps) passes the batch's age; wall-clock time is not what decides.
        f.driver.advanceWallClockTime(Duration.ofMillis(10_000));
        f.input.pipeInput("m".getBytes(StandardCharsets.UTF_8), f.bytes(Fixture.event(new double[] {0.2, 0.2}, null,
                null)), 500);
        f.input.pipeInput("m".getBytes(StandardCharsets.UTF_8), f.bytes(Fixture.event(new double[] {0.2, 0.2}, null,
                null)), 501);
        List<DeadLetter> dl = f.deadLetters.readValuesToList();
        assertEquals(1, dl.size(), "exactly the refused event is dead-lettered: " + dl);
        assertEquals(DeadLetterReason.UPDATE_REFUSED, dl.get(0).getReason());
        assertEquals(1L, dl.get(0).getSourceOffset());
        List<Long> versions = f.predictions.readValuesToList().stream().map(Prediction::getModelVersion).toList();
        assertEquals(List.of(0L, 0L, 0L, 0L, 3L, 3L), versions, "applied before the first event 400 ms later");
    }

    // Defect 5 ---------------------------------------------------------------------------------------------------

    private static JsonNode lastMetrics(Fixture f) throws Exception {
        List<byte[]> values = f.metrics.readValuesToList();
        assertFalse(values.isEmpty(), "a metrics report");
        return JSON.readTree(values.get(values.size() - 1));
    }

    @Test
    void accuracyOfABinaryModelWithDoubleTargets(TestInfo info) throws Exception {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 1000L);
        Fixture f = open(props);
        for (int e = 0; e < 2000; e++) {
            for (int i = 0; i < 4; i++) {
                f.send("m", Fixture.XOR_X[i], (double) Fixture.XOR_Y[i]);
            }
        }
        f.driver.advanceWallClockTime(Duration.ofMillis(1000));
        assertEquals(1.0, lastMetrics(f).get("accuracy").asDouble(), "XOR is learned: the last 100 are right");
    }

    @Test
    void accuracyOfASoftmaxModelWithProbabilityVectorTargets(TestInfo info) throws Exception {
        Map<String, Object> props = props(info, SOFTMAX_SPEC);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 1000L);
        Fixture f = open(props);
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < 6000; i++) {
            int c = rnd.nextInt(3);
            double[] y = new double[3];
            y[c] = 1.0;
            f.send("m", new double[] {c == 1 ? 1 : 0, c == 2 ? 1 : 0}, List.of(y[0], y[1], y[2]));
        }
        f.driver.advanceWallClockTime(Duration.ofMillis(1000));
        assertTrue(lastMetrics(f).get("accuracy").asDouble() > 0.95, "argmax of the target vector is the class");
    }

    @Test
    void metricsAreValidJsonForAnyModelId(TestInfo info) throws Exception {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 1000L);
        Fixture f = open(props);
        String id = "a\u0001b\n\t\"c\\\u007f\u2028";
        f.send(id, new double[] {0.1, 0.2}, 0.5);
        f.driver.advanceWallClockTime(Duration.ofMillis(1000));
        JsonNode m = lastMetrics(f);
        assertEquals(id, m.get("modelId").asText());
        assertEquals(1.0, m.get("labeled").asDouble());
    }

    @Test
    void keysThatAreNotUtf8AreDeadLetteredNotMerged(TestInfo info) {
        Fixture f = open(props(info, Fixture.REGRESSION_SPEC));
        byte[] a = {(byte) 0xFF, 1};
        byte[] b = {(byte) 0xFE, 1};
        f.input.pipeInput(a, f.bytes(Fixture.event(new double[] {0.1, 0.2}, 0.5, null)));
        f.input.pipeInput(b, f.bytes(Fixture.event(new double[] {0.1, 0.2}, 0.5, null)));
        List<DeadLetter> dl = f.deadLetters.readValuesToList();
        assertEquals(List.of(DeadLetterReason.INVALID_RECORD, DeadLetterReason.INVALID_RECORD),
                dl.stream().map(DeadLetter::getReason).toList());
        assertArrayEquals(a, Bytes.wrap(dl.get(0).getKey().array()).get());
        assertTrue(f.predictions.isEmpty());
        assertEquals(List.of(), storeEntries(f));
    }

    // Defect 1 (the bound; the broker test is DeadLetterBoundIT) -------------------------------------------------

    @Test
    void aHugeValueIsDeadLetteredWithABoundedCopyAndItsSize(TestInfo info) {
        Fixture f = open(props(info, Fixture.REGRESSION_SPEC));
        byte[] value = new byte[1_048_470];
        new SplittableRandom(1).nextBytes(value);
        byte[] key = new byte[50_000];
        f.input.pipeInput(key, value);
        f.send("m", new double[] {0.1, 0.2}, 0.5);
        List<DeadLetter> dl = f.deadLetters.readValuesToList();
        assertEquals(1, dl.size());
        DeadLetter d = dl.get(0);
        assertTrue(d.getTruncated());
        assertEquals(1_048_470, d.getValueSize());
        assertEquals(50_000, d.getKeySize());
        int bound = StreamgradConfig.DEFAULT_DEAD_LETTER_MAX_BYTES;
        assertTrue(d.getKey().remaining() + d.getValue().remaining() <= bound, "key + value copies within the bound");
        assertEquals(java.nio.ByteBuffer.wrap(value, 0, d.getValue().remaining()), d.getValue(), "a prefix");
        assertEquals(1, f.predictions.readValuesToList().size(), "processing goes on");
    }

    // Defect 6 ---------------------------------------------------------------------------------------------------

    @Test
    void anEvictedModelComesBackExactlyWhereItWas(TestInfo info) {
        Map<String, Object> small = props(info, Fixture.REGRESSION_SPEC);
        small.put(StreamgradConfig.BATCH_SIZE_CONFIG, 3);   // a partly filled batch is evicted too
        small.put("streamgrad.model.cache.max.models", 2);
        Fixture evicting = open(small);
        Map<String, Object> large = props(info, Fixture.REGRESSION_SPEC);
        large.put(StreamgradConfig.BATCH_SIZE_CONFIG, 3);
        Fixture keeping = open(large);
        SplittableRandom rnd = new SplittableRandom(9);
        String[] keys = {"a", "b", "c", "d"};
        for (int i = 0; i < 400; i++) {
            String k = keys[rnd.nextInt(keys.length)];
            double[] x = {rnd.nextDouble(), rnd.nextDouble()};
            Object y = rnd.nextInt(4) == 0 ? null : x[0] - x[1];
            double w = rnd.nextInt(3) * 0.75;   // 0, 0.75 or 1.5: the weight is in the log, so replay is exact
            for (Fixture f : List.of(evicting, keeping)) {
                f.input.pipeInput(k.getBytes(StandardCharsets.UTF_8),
                        f.bytes(LabeledEvent.newBuilder(Fixture.event(x, y, null)).setWeight(w).build()));
            }
        }
        assertTrue(evicting.metric("cached-models", "stream-streamgrad-metrics") <= 2.0);
        assertTrue(evicting.metric("evictions-total", "stream-streamgrad-metrics") > 10.0);
        List<Prediction> a = evicting.predictions.readValuesToList();
        List<Prediction> b = keeping.predictions.readValuesToList();
        assertEquals(b, a, "bit-identical predictions (Avro compares doubles by bits) and versions");
        assertEquals(keeping.snapshots.readValuesToList().stream().map(Fixture::timeless).toList(),
                evicting.snapshots.readValuesToList().stream().map(Fixture::timeless).toList());
    }

    // Defect 3 ---------------------------------------------------------------------------------------------------

    @Test
    void targetsOutsideTheLossDomainAreRefusedBeforeAnyModelExists(TestInfo info) {
        Fixture bce = open(props(info, Fixture.XOR_SPEC));
        bce.send("m", new double[] {0, 1}, 3.0);
        bce.send("m", new double[] {0, 1}, -0.5);
        Fixture softmax = open(props(info, SOFTMAX_SPEC));
        softmax.send("m", new double[] {0, 1}, List.of(3.0, -1.0, -1.0));
        softmax.send("m", new double[] {0, 1}, List.of(0.5, 0.5, 0.5));
        softmax.send("m", new double[] {0, 1}, 3);
        for (Fixture f : List.of(bce, softmax)) {
            List<DeadLetter> dl = f.deadLetters.readValuesToList();
            assertFalse(dl.isEmpty());
            assertTrue(dl.stream().allMatch(d -> d.getReason() == DeadLetterReason.LABEL_OUT_OF_RANGE
                    && "target".equals(d.getField())), dl.toString());
            assertTrue(f.predictions.isEmpty());
            assertEquals(List.of(), storeEntries(f));
        }
        softmax.send("m", new double[] {0, 1}, List.of(0.25, 0.25, 0.5));
        assertEquals(1, softmax.predictions.readValuesToList().size(), "a valid probability vector is learned");
    }

    // Defect 7 ---------------------------------------------------------------------------------------------------

    private static LabeledEvent weighted(double[] x, Object y, Double w) {
        return LabeledEvent.newBuilder(Fixture.event(x, y, null)).setWeight(w).build();
    }

    @Test
    void theEventWeightIsTheSampleWeight(TestInfo info) {
        Fixture f = open(props(info, Fixture.REGRESSION_SPEC));
        double[] x = {0.3, -0.7};
        f.input.pipeInput("m".getBytes(StandardCharsets.UTF_8), f.bytes(weighted(x, 0.9, 2.5)));
        f.send("m", x, null);
        List<Prediction> p = f.predictions.readValuesToList();

        dev.streamgrad.model.Model reference = dev.streamgrad.model.Model.create(
                new StreamgradConfig(f.props).networkSpec(), new dev.streamgrad.model.kernel.JavaKernels());
        double[] before = new double[1];
        double loss = reference.learn(x, new double[] {0.9}, 2.5, before);
        double[] after = new double[1];
        reference.predict(x, after);
        assertEquals(loss, p.get(0).getLoss(), "the loss in the prediction is weighted");
        assertEquals(after[0], p.get(1).getOutput().get(0), "the update is the weighted one, bit for bit");
        double[] unweighted = new double[1];
        dev.streamgrad.model.Model plain = dev.streamgrad.model.Model.create(
                new StreamgradConfig(f.props).networkSpec(), new dev.streamgrad.model.kernel.JavaKernels());
        plain.learn(x, new double[] {0.9}, new double[1]);
        plain.predict(x, unweighted);
        assertTrue(unweighted[0] != after[0], "a weight of 2.5 changes the step");
    }

    @Test
    void negativeOrNonFiniteWeightsAreDeadLettered(TestInfo info) {
        Fixture f = open(props(info, Fixture.REGRESSION_SPEC));
        for (double w : new double[] {-1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            f.input.pipeInput("k".getBytes(StandardCharsets.UTF_8), f.bytes(weighted(new double[] {0.1, 0.2}, 0.5, w)));
        }
        List<DeadLetter> dl = f.deadLetters.readValuesToList();
        assertEquals(3, dl.size());
        assertTrue(dl.stream().allMatch(d -> "weight".equals(d.getField())), dl.toString());
        assertTrue(f.predictions.isEmpty());
        assertEquals(List.of(), storeEntries(f));
    }
}
