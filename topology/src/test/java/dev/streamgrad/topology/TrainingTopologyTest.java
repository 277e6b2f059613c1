package dev.streamgrad.topology;

import dev.streamgrad.topology.internal.ModelStateStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.streams.state.Stores;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The training topology through TopologyTestDriver, with a mock:// registry. */
class TrainingTopologyTest {
    private final List<Fixture> fixtures = new ArrayList<>();
    private String scope;

    private Fixture open(Map<String, Object> props) {
        Fixture f = new Fixture(props, Fixture.freshDir("ttd"));
        fixtures.add(f);
        return f;
    }

    private Map<String, Object> props(TestInfo info, String spec) {
        scope = getClass().getSimpleName() + "-" + info.getDisplayName();
        return Fixture.props(scope, spec);
    }

    @AfterEach
    void closeAll() {
        for (Fixture f : fixtures) {
            f.close();
            f.dropScope();
        }
    }

    @Test
    void learnsXorThroughTheTopology(TestInfo info) {
        Fixture f = open(props(info, Fixture.XOR_SPEC));
        f.sendXor("m", 2000);
        f.predictions.readRecordsToList();
        for (int i = 0; i < 4; i++) {
            f.send("m", Fixture.XOR_X[i], null);
        }
        List<Prediction> p = f.predictions.readValuesToList();
        assertEquals(4, p.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(Fixture.XOR_Y[i], p.get(i).getPredictedClass(), "XOR " + i + ": " + p.get(i));
            assertEquals(8000L, p.get(i).getModelVersion());
            assertNull(p.get(i).getLoss());
        }
    }

    @Test
    void learnsARegressionTarget(TestInfo info) {
        Fixture f = open(props(info, Fixture.REGRESSION_SPEC));
        SplittableRandom rnd = new SplittableRandom(5);
        double early = 0;
        double late = 0;
        int n = 6000;
        for (int i = 0; i < n; i++) {
            double a = 2 * rnd.nextDouble() - 1;
            double b = 2 * rnd.nextDouble() - 1;
            f.send("r", new double[] {a, b}, 2 * a - b + 0.5);
        }
        List<Prediction> p = f.predictions.readValuesToList();
        assertEquals(n, p.size());
        for (int i = 0; i < 500; i++) {
            early += p.get(i).getLoss();
            late += p.get(n - 1 - i).getLoss();
        }
        assertTrue(late < early / 20, "mean loss first 500 " + early / 500 + ", last 500 " + late / 500);
        assertTrue(late / 500 < 3e-3, "last 500 mean loss " + late / 500);
    }

    @Test
    void predictsBeforeLearningWithTheRightVersion(TestInfo info) {
        Fixture f = open(props(info, Fixture.REGRESSION_SPEC));
        f.send("m", new double[] {0.1, 0.2}, null);
        f.send("m", new double[] {0.1, 0.2}, 1.0);
        f.send("m", new double[] {0.1, 0.2}, 1.0);
        f.send("m", new double[] {0.1, 0.2}, null);
        List<Prediction> p = f.predictions.readValuesToList();
        assertEquals(List.of(0L, 0L, 1L, 2L), p.stream().map(Prediction::getModelVersion).toList());
        // Prequential: the labeled event's prediction is the one made before learning from it.
        assertEquals(p.get(0).getOutput(), p.get(1).getOutput());
        assertNotEquals(p.get(1).getOutput(), p.get(2).getOutput());
        assertNull(p.get(0).getLoss());
        double y = p.get(1).getOutput().get(0);
        assertEquals(0.5 * (y - 1.0) * (y - 1.0), p.get(1).getLoss(), 1e-12);
        assertEquals("m", p.get(0).getModelId());
    }

    @Test
    void snapshotsOnCreationAndEveryNUpdates(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 10L);
        Fixture f = open(props);
        for (int i = 0; i < 35; i++) {
            f.send("m", new double[] {i * 0.01, 0.5}, 0.3);
        }
        List<WeightSnapshot> s = f.snapshotsOf("m");
        assertEquals(List.of(0L, 10L, 20L, 30L), s.stream().map(WeightSnapshot::getVersion).toList());
        assertEquals(30L, s.get(3).getEvents());
        assertTrue(s.get(3).getMetrics().get("meanLoss") > 0, "running metrics ride along: " + s.get(3).getMetrics());
    }

    @Test
    void snapshotsByWallClockTimeOnlyWhenChanged(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 0L);
        props.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, 1000L);
        Fixture f = open(props);
        f.send("m", new double[] {0.1, 0.5}, 0.3);
        f.send("m", new double[] {0.2, 0.5}, 0.3);
        assertEquals(List.of(0L), f.snapshotsOf("m").stream().map(WeightSnapshot::getVersion).toList());
        f.driver.advanceWallClockTime(Duration.ofMillis(1000));
        assertEquals(List.of(2L), f.snapshotsOf("m").stream().map(WeightSnapshot::getVersion).toList());
        f.driver.advanceWallClockTime(Duration.ofMillis(1000));
        assertTrue(f.snapshotsOf("m").isEmpty(), "no change, no snapshot");
        f.send("m", new double[] {0.3, 0.5}, 0.3);
        f.driver.advanceWallClockTime(Duration.ofMillis(1000));
        assertEquals(List.of(3L), f.snapshotsOf("m").stream().map(WeightSnapshot::getVersion).toList());
    }

    @Test
    void microBatchIsAppliedWhenFull(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.BATCH_SIZE_CONFIG, 4);
        Fixture f = open(props);
        for (int i = 0; i < 10; i++) {
            f.send("m", new double[] {i * 0.1, 0.5}, 0.3);
        }
        List<Long> versions = f.predictions.readValuesToList().stream().map(Prediction::getModelVersion).toList();
        assertEquals(List.of(0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L, 2L, 2L), versions);
    }

    @Test
    void microBatchIsAppliedWhenOlderThanMaxAge(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.BATCH_SIZE_CONFIG, 32);
        props.put(StreamgradConfig.BATCH_MAX_AGE_MS_CONFIG, 400L);
        Fixture f = open(props);
        for (int i = 0; i < 3; i++) {
            f.send("m", new double[] {i * 0.1, 0.5}, 0.3);
        }
        // Stream time decides (the record timestamps: 0, 1, 2, then 200 and 500), not wall-clock time.
        f.driver.advanceWallClockTime(Duration.ofMillis(10_000));
        byte[] probe = f.bytes(Fixture.event(new double[] {0.9, 0.5}, null, null));
        f.input.pipeInput("m".getBytes(StandardCharsets.UTF_8), probe, 200);
        f.input.pipeInput("m".getBytes(StandardCharsets.UTF_8), probe, 500);
        List<Long> versions = f.predictions.readValuesToList().stream().map(Prediction::getModelVersion).toList();
        assertEquals(List.of(0L, 0L, 0L, 0L, 1L), versions, "the 3-event batch was applied 400 ms (stream time) "
                + "after its first event, before the next event");
    }

    @Test
    void deadLettersForEveryKindOfBadInputAndTheAppKeepsGoing(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        Fixture f = open(props);
        byte[] garbage = {0, 0, 0, 3, (byte) 0xE7, 2, 3};   // schema id 999: not registered
        f.sendRaw("m", new byte[] {9, 9, 9});
        f.sendRaw("m", garbage);
        f.send("m", new double[] {1, 2, 3}, 1);
        f.send("m", new double[] {Double.NaN, 0}, 1);
        f.send("m", new double[] {0, 1}, Double.POSITIVE_INFINITY);
        f.send("m", new double[] {0, 1}, 2);
        f.send("m", new double[] {0, 1}, List.of(1.0, 0.0));
        f.send(null, new double[] {0, 1}, 1);
        f.sendRaw("m", null);
        f.send("m", new double[] {0, 1}, 1);
        List<DeadLetter> dl = f.deadLetters.readValuesToList();
        assertEquals(List.of(DeadLetterReason.WRONG_MAGIC_BYTE, DeadLetterReason.UNKNOWN_SCHEMA,
                DeadLetterReason.WRONG_DIMENSION, DeadLetterReason.NON_FINITE_VALUE,
                DeadLetterReason.NON_FINITE_VALUE, DeadLetterReason.LABEL_OUT_OF_RANGE,
                DeadLetterReason.WRONG_DIMENSION, DeadLetterReason.INVALID_RECORD,
                DeadLetterReason.MALFORMED_BYTES), dl.stream().map(DeadLetter::getReason).toList());
        assertEquals(java.nio.ByteBuffer.wrap(garbage), dl.get(1).getValue());
        assertEquals("m", StandardCharsets.UTF_8.decode(dl.get(1).getKey()).toString());
        assertEquals(new StreamgradConfig(props).inputTopic(), dl.get(1).getSourceTopic());
        assertEquals(0, dl.get(1).getSourcePartition());
        assertEquals(1L, dl.get(1).getSourceOffset());
        List<Prediction> p = f.predictions.readValuesToList();
        assertEquals(1, p.size(), "only the good record is predicted");
        assertEquals(0L, p.get(0).getModelVersion());
        f.send("m", new double[] {0, 1}, null);
        assertEquals(1L, f.predictions.readValue().getModelVersion(), "the good record was learned");
        assertEquals(9.0, f.metric("rejected-total", "stream-streamgrad-metrics"));
    }

    @Test
    void valuesAboveTheInputBoundAreDeadLetteredBeforeTheModelSeesThem(TestInfo info) {
        Fixture f = open(props(info, Fixture.REGRESSION_SPEC));
        f.send("m", new double[] {0.1, 0.2}, 0.5);
        f.send("m", new double[] {1e151, 0.2}, 0.5);      // a feature above the default 1e150
        f.send("m", new double[] {0.1, 0.2}, -1e300);     // a target above it
        f.send("m", new double[] {1e150, -1e150}, 0.5);   // at the bound: learned
        List<DeadLetter> dl = f.deadLetters.readValuesToList();
        assertEquals(List.of(DeadLetterReason.VALUE_TOO_LARGE, DeadLetterReason.VALUE_TOO_LARGE),
                dl.stream().map(DeadLetter::getReason).toList());
        assertEquals("features", dl.get(0).getField());
        assertEquals("target", dl.get(1).getField());
        assertTrue(dl.get(0).getMessage().contains(StreamgradConfig.INPUT_MAX_ABS_CONFIG), dl.get(0).getMessage());
        assertEquals(List.of(0L, 1L), f.predictions.readValuesToList().stream().map(Prediction::getModelVersion)
                .toList(), "only the two records within the bound were predicted and learned");
    }

    @Test
    void aRefusedUpdateIsDeadLetteredAndLeavesTheModelAsItWas(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        // 1e300 is above the default streamgrad.input.max.abs (VALUE_TOO_LARGE): lift the bound to reach the update
        props.put(StreamgradConfig.INPUT_MAX_ABS_CONFIG, Double.MAX_VALUE);
        Fixture f = open(props);
        f.send("m", new double[] {0.1, 0.2}, 0.5);
        f.send("m", new double[] {1e300, 1e300}, 1e300);   // the loss overflows: the update is refused
        f.send("m", new double[] {0.1, 0.2}, null);
        List<Prediction> p = f.predictions.readValuesToList();
        assertEquals(List.of(0L, 1L), p.stream().map(Prediction::getModelVersion).toList());
        DeadLetter dl = f.deadLetters.readValue();
        assertEquals(DeadLetterReason.UPDATE_REFUSED, dl.getReason());
        assertEquals(1L, dl.getSourceOffset());
        assertEquals(1.0, f.metric("refused-updates-total", "stream-streamgrad-metrics"));
        f.send("m", new double[] {0.1, 0.2}, 0.5);
        assertEquals(1L, f.predictions.readValue().getModelVersion(), "learning goes on");
    }

    @Test
    void perKeyModelsAreIndependent(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 50L);
        Fixture mixed = open(props);
        SplittableRandom rnd = new SplittableRandom(1);
        List<double[]> a = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double[] x = {rnd.nextDouble(), rnd.nextDouble()};
            a.add(x);
            mixed.send("a", x, x[0] + x[1]);
            mixed.send("b", new double[] {rnd.nextDouble(), 1}, -3.0);
        }
        List<WeightSnapshot> mixedA = mixed.snapshotsOf("a");
        Map<String, Object> aloneProps = Fixture.props(scope + "-alone", Fixture.REGRESSION_SPEC);
        aloneProps.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 50L);
        Fixture alone = open(aloneProps);
        for (double[] x : a) {
            alone.send("a", x, x[0] + x[1]);
        }
        List<WeightSnapshot> aloneA = alone.snapshotsOf("a");
        assertEquals(3, mixedA.size());
        assertEquals(aloneA.stream().map(Fixture::timeless).toList(), mixedA.stream().map(Fixture::timeless).toList());
    }

    @Test
    void modelIsSerialisedOncePerKEventsNotPerEvent(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, 100);
        Fixture f = open(props);
        for (int i = 0; i < 1000; i++) {
            f.send("m", new double[] {i * 0.001, 0.5}, 0.3);
        }
        // TopologyTestDriver commits after every record: 1 at the first commit (the new model and its first event),
        // then 1 each time K = 100 more events were learned (after events 101, 201, ..., 901).
        assertEquals(10.0, f.metric("checkpoints-total", "stream-streamgrad-metrics"));
        assertEquals(1000.0, f.metric("labeled-total", "stream-streamgrad-metrics"));
    }

    @Test
    void everyNodeIsNamed(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "field");
        TopologyDescription d = StreamgradTopology.training(props).describe();
        List<String> names = new ArrayList<>();
        d.subtopologies().forEach(s -> s.nodes().forEach(n -> names.add(n.name())));
        for (String n : names) {
            assertTrue(n.startsWith("streamgrad-"), "unnamed node " + n + " in " + d);
        }
        assertTrue(names.containsAll(List.of("streamgrad-source", "streamgrad-rekey", "streamgrad-learner",
                "streamgrad-route", "streamgrad-predictions-sink", "streamgrad-snapshots-sink",
                "streamgrad-metrics-sink", "streamgrad-dead-letters-sink", "streamgrad-drift-sink")), names.toString());
    }

    @Test
    void outputsGoThroughOneRouterStraightToTheSinksInTrainingAndServing(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        Map<String, TopologyDescription> topologies = Map.of(
                "streamgrad-learner", StreamgradTopology.training(props).describe(),
                "streamgrad-scorer", StreamgradTopology.serving(props).describe());
        topologies.forEach((producer, d) -> {
            Map<String, TopologyDescription.Node> nodes = new HashMap<>();
            d.subtopologies().forEach(s -> s.nodes().forEach(n -> nodes.put(n.name(), n)));
            TopologyDescription.Node router = nodes.get("streamgrad-route");
            assertEquals(Set.of(producer), names(router.predecessors()), d.toString());
            assertEquals(Set.of("streamgrad-predictions-sink", "streamgrad-snapshots-sink",
                    "streamgrad-metrics-sink", "streamgrad-dead-letters-sink", "streamgrad-drift-sink"),
                    names(router.successors()),
                    d.toString());
            assertEquals(Set.of("streamgrad-route"), names(nodes.get(producer).successors()), d.toString());
        });
    }

    private static Set<String> names(Set<TopologyDescription.Node> nodes) {
        return nodes.stream().map(TopologyDescription.Node::name).collect(Collectors.toSet());
    }

    @Test
    void repartitionsByAFieldSoEachModelIsInOneTask(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "field");
        props.put(StreamgradConfig.MODEL_ID_FIELD_CONFIG, "id");
        Fixture f = open(props);
        f.input.pipeInput("k1".getBytes(StandardCharsets.UTF_8),
                f.bytes(Fixture.event(new double[] {0.1, 0.2}, 1.0, "dev-7")));
        f.input.pipeInput("k2".getBytes(StandardCharsets.UTF_8),
                f.bytes(Fixture.event(new double[] {0.1, 0.2}, null, "dev-7")));
        f.input.pipeInput("k3".getBytes(StandardCharsets.UTF_8),
                f.bytes(Fixture.event(new double[] {0.1, 0.2}, null, null)));
        List<Prediction> p = f.predictions.readValuesToList();
        assertEquals(List.of("dev-7", "dev-7"), p.stream().map(Prediction::getModelId).toList());
        assertEquals(List.of(0L, 1L), p.stream().map(Prediction::getModelVersion).toList());
        DeadLetter dl = f.deadLetters.readValue();
        assertEquals(DeadLetterReason.MAPPING_FAILED, dl.getReason());
        assertEquals("k3", StandardCharsets.UTF_8.decode(dl.getKey()).toString());
        assertEquals(2L, dl.getSourceOffset());
    }

    @Test
    void oneSharedModelWithAConstantId(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "constant");
        props.put(StreamgradConfig.MODEL_ID_CONSTANT_CONFIG, "global");
        Fixture f = open(props);
        f.send("a", new double[] {0.1, 0.2}, 1.0);
        f.send("b", new double[] {0.1, 0.2}, 1.0);
        List<Prediction> p = f.predictions.readValuesToList();
        assertEquals(List.of("global", "global"), p.stream().map(Prediction::getModelId).toList());
        assertEquals(List.of(0L, 1L), p.stream().map(Prediction::getModelVersion).toList());
    }

    @Test
    void metricsGoToTheMetricsTopicAndToStreamsMetrics(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.XOR_SPEC);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 1000L);
        props.put(StreamgradConfig.METRICS_WINDOW_CONFIG, 4);
        Fixture f = open(props);
        f.sendXor("m", 1500);
        f.send("m", new double[] {0, 0}, null);
        f.sendRaw("m", new byte[] {1});
        f.driver.advanceWallClockTime(Duration.ofMillis(1000));
        String json = new String(f.metrics.readValue(), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"modelId\":\"m\",\"version\":6000.0,\"events\":6001.0,\"labeled\":6000.0,"
                + "\"rejected\":1.0,\"refusedUpdates\":0.0,\"drifts\":0.0,\"driftDecreases\":0.0,\"meanLoss\":"),
                json);
        assertTrue(json.contains("\"accuracy\":1.0"), json);
        List<Prediction> p = f.predictions.readValuesToList();
        double window = 0;
        for (int i = p.size() - 5; i < p.size() - 1; i++) {
            window += p.get(i).getLoss();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"meanLoss\":([^,]+),").matcher(json);
        assertTrue(m.find(), json);
        assertEquals(window / 4, Double.parseDouble(m.group(1)), 1e-12);
        assertEquals(6002.0, f.metric("events-total", "stream-streamgrad-metrics"));
        assertTrue(f.metric("loss-avg", "stream-streamgrad-metrics") >= 0);
    }

    @Test
    void closingAndReopeningOnTheSameStateResumesWithIdenticalWeights(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.BATCH_SIZE_CONFIG, 3);
        props.put(StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, 7);
        props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 20L);
        SplittableRandom rnd = new SplittableRandom(2);
        double[][] xs = new double[200][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = new double[] {rnd.nextDouble(), rnd.nextDouble()};
        }
        Fixture straight = open(props);
        for (double[] x : xs) {
            straight.send("m", x, x[0] - x[1]);
        }
        List<WeightSnapshot> expected = straight.snapshotsOf("m");

        Path kept = Fixture.freshDir("kept");
        Path dir1 = Fixture.freshDir("first");
        StreamgradLearner learner = StreamgradLearner.create(props);
        Fixture first = new Fixture(props, dir1, StreamgradTopology.training(
                learner.withStoreSupplier(CopyOnCloseStore.supplier(learner.storeName(), dir1, kept))));
        for (int i = 0; i < 100; i++) {   // 100 = 33 batches + 1 pending event, checkpoint not at the end
            first.send("m", xs[i], xs[i][0] - xs[i][1]);
        }
        List<WeightSnapshot> got = new ArrayList<>(first.snapshotsOf("m"));
        first.close();
        Path dir2 = Fixture.freshDir("second");
        Fixture.copyTree(kept, dir2);
        // The persistent store reopens the copied local state (the default in-memory store would restore from a
        // changelog, which TopologyTestDriver does not replay).
        Fixture second = new Fixture(props, dir2, StreamgradTopology.training(
                learner.withStoreSupplier(Stores.persistentKeyValueStore(learner.storeName()))));
        fixtures.add(second);
        // A new driver's input starts at offset 0 again: as if the first 100 records were redelivered (at-least-once
        // with no committed offsets). They are recognised as learned (same partition, offsets <= the last learned
        // one) and only predicted.
        for (int i = 0; i < xs.length; i++) {
            second.send("m", xs[i], xs[i][0] - xs[i][1]);
        }
        List<Long> versions = second.predictions.readValuesToList().stream().map(Prediction::getModelVersion).toList();
        assertEquals(List.of(33L), versions.subList(0, 100).stream().distinct().toList());
        got.addAll(second.snapshotsOf("m"));
        assertEquals(expected.stream().map(Fixture::timeless).toList(), got.stream().map(Fixture::timeless).toList());
        assertEquals(List.of(0L, 20L, 40L, 60L), got.stream().map(WeightSnapshot::getVersion).toList());
    }

    /**
     * A crash: a new driver whose store holds what the crashed one's held at its last commit (what a changelog
     * restore gives back): the model is restored from its checkpoint plus the write-ahead log, which here
     * holds applied events, a "batch applied early" marker and a pending partial batch, and goes on exactly as
     * without the crash.
     */
    @Test
    void restoreReplaysTheLogIncludingEarlyBatchesBitForBit(TestInfo info) {
        Map<String, Object> props = props(info, Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.BATCH_SIZE_CONFIG, 4);
        props.put(StreamgradConfig.BATCH_MAX_AGE_MS_CONFIG, 400L);
        props.put(StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, 10);
        props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 2L);
        SplittableRandom rnd = new SplittableRandom(4);
        double[][] xs = new double[30][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = new double[] {rnd.nextDouble(), rnd.nextDouble()};
        }
        Fixture straight = open(props);
        Fixture crashing = new Fixture(props, Fixture.freshDir("crashing"));
        fixtures.add(crashing);
        for (Fixture f : List.of(straight, crashing)) {
            for (int i = 0; i < 6; i++) {
                f.send("m", xs[i], xs[i][0] * xs[i][1]);
            }
            f.input.advanceTime(Duration.ofMillis(500));   // stream time: 2 pending events applied early
            for (int i = 6; i < 9; i++) {
                f.send("m", xs[i], xs[i][0] * xs[i][1]);
            }
        }
        // The crash: keep only what the store holds as of the last commit (what a changelog restore gives back).
        List<org.apache.kafka.streams.KeyValue<Bytes, byte[]>> stored = new ArrayList<>();
        KeyValueStore<Bytes, byte[]> crashedStore = ((ModelStateStore) crashing.driver.getStateStore("streamgrad-models")).kv();
        try (var it = crashedStore.all()) {
            it.forEachRemaining(stored::add);
        }
        for (int i = 9; i < xs.length; i++) {
            straight.send("m", xs[i], xs[i][0] * xs[i][1]);
        }
        Fixture restarted = new Fixture(props, Fixture.freshDir("restarted"));
        fixtures.add(restarted);
        KeyValueStore<Bytes, byte[]> restoredStore = ((ModelStateStore) restarted.driver.getStateStore("streamgrad-models")).kv();
        stored.forEach(kv -> restoredStore.put(kv.key, kv.value));
        assertTrue(stored.stream().anyMatch(kv -> kv.key.get()[0] == 'W'), "the log is not empty");
        for (int i = 0; i < 9; i++) {   // a new driver's offsets start at 0: fill them with unlabeled events
            restarted.send("m", xs[i], null);
        }
        for (int i = 9; i < xs.length; i++) {
            restarted.send("m", xs[i], xs[i][0] * xs[i][1]);
        }
        List<WeightSnapshot> expected = straight.snapshotsOf("m").stream().filter(s -> s.getVersion() > 2)
                .map(Fixture::timeless).toList();
        List<WeightSnapshot> got = restarted.snapshotsOf("m").stream().map(Fixture::timeless).toList();
        assertEquals(List.of(4L, 6L, 8L), expected.stream().map(WeightSnapshot::getVersion).toList());
        assertEquals(expected, got);
        assertEquals(2L, restarted.predictions.readValuesToList().get(0).getModelVersion(), "restored, not new");
    }
}
