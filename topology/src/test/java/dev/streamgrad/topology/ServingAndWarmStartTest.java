package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The serving-only topology and warm starts (from a snapshot topic or a file), through TopologyTestDriver. */
class ServingAndWarmStartTest {
    private final List<Fixture> fixtures = new ArrayList<>();

    @AfterEach
    void closeAll() {
        fixtures.forEach(f -> {
            f.close();
            f.dropScope();
        });
    }

    private static Model trainedXor() {
        Model m = Model.create(new StreamgradConfig(Map.of(StreamgradConfig.MODEL_SPEC_CONFIG, Fixture.XOR_SPEC))
                .networkSpec(), new JavaKernels());
        for (int e = 0; e < 2000; e++) {
            for (int i = 0; i < 4; i++) {
                m.learn(Fixture.XOR_X[i], new double[] {Fixture.XOR_Y[i]}, null);
            }
        }
        return m;
    }

    private TestInputTopic<byte[], WeightSnapshot> snapshotInput(Fixture f, String topic) {
        return f.driver.createInputTopic(topic, Serdes.ByteArray().serializer(),
                f.serde(WeightSnapshot.class).serializer());
    }

    @Test
    void servingScoresWithTheLatestSnapshotOfEachModel(TestInfo info) {
        Map<String, Object> props = Fixture.props("serving-" + info.getDisplayName(), Fixture.XOR_SPEC);
        Fixture f = new Fixture(props, Fixture.freshDir("serving"), StreamgradTopology.serving(props));
        fixtures.add(f);
        Model trained = trainedXor();
        Model fresh = Model.create(trained.spec(), new JavaKernels());
        TestInputTopic<byte[], WeightSnapshot> snaps = snapshotInput(f, new StreamgradConfig(props).snapshotsTopic());
        snaps.pipeInput("m".getBytes(StandardCharsets.UTF_8), WeightSnapshots.fromModelState("m", java.time.Instant.ofEpochMilli(1), fresh.state(), java.util.Map.of()));
        f.send("m", Fixture.XOR_X[1], null);
        snaps.pipeInput("m".getBytes(StandardCharsets.UTF_8), WeightSnapshots.fromModelState("m", java.time.Instant.ofEpochMilli(2), trained.state(), java.util.Map.of()));
        for (int i = 0; i < 4; i++) {
            f.send("m", Fixture.XOR_X[i], Fixture.XOR_Y[i]);   // labels are ignored: no training here
        }
        f.send("unknown", Fixture.XOR_X[0], null);
        List<Prediction> p = f.predictions.readValuesToList();
        assertEquals(5, p.size());
        assertEquals(0L, p.get(0).getModelVersion());
        assertEquals(fresh.predict(Fixture.XOR_X[1])[0], p.get(0).getOutput().get(0));
        for (int i = 0; i < 4; i++) {
            assertEquals(8000L, p.get(i + 1).getModelVersion());
            assertEquals(trained.predict(Fixture.XOR_X[i])[0], p.get(i + 1).getOutput().get(0));
            assertEquals(Fixture.XOR_Y[i], p.get(i + 1).getPredictedClass());
        }
        assertEquals(DeadLetterReason.OTHER, f.deadLetters.readValue().getReason());
    }

    @Test
    void aNewModelStartsFromItsSnapshotOnTheWarmStartTopic(TestInfo info) {
        Map<String, Object> props = Fixture.props("warm-topic-" + info.getDisplayName(), Fixture.XOR_SPEC);
        props.put(StreamgradConfig.WARM_START_TOPIC_CONFIG, "previous-snapshots");
        Fixture f = new Fixture(props, Fixture.freshDir("warm-topic"));
        fixtures.add(f);
        Model trained = trainedXor();
        snapshotInput(f, "previous-snapshots").pipeInput("m".getBytes(StandardCharsets.UTF_8),
                WeightSnapshots.fromModelState("m", java.time.Instant.ofEpochMilli(1), trained.state(), java.util.Map.of()));
        f.send("m", Fixture.XOR_X[3], null);
        f.send("other", Fixture.XOR_X[3], null);
        List<Prediction> p = f.predictions.readValuesToList();
        assertEquals(8000L, p.get(0).getModelVersion());
        assertEquals(trained.predict(Fixture.XOR_X[3])[0], p.get(0).getOutput().get(0));
        assertEquals(0L, p.get(1).getModelVersion(), "no snapshot for 'other': random initialisation");
        WeightSnapshot created = f.snapshotsOf("m").get(0);
        assertArrayEquals(ModelStateCodec.toBytes(trained.state()),
                ModelStateCodec.toBytes(WeightSnapshots.toModelState(created)));
    }

    @Test
    void newModelsStartFromAWarmStartFile(TestInfo info) throws Exception {
        Model trained = trainedXor();
        Path file = Fixture.freshDir("warm-file").resolve("xor.state");
        Files.write(file, ModelStateCodec.toBytes(trained.state()));
        Map<String, Object> props = Fixture.props("warm-file-" + info.getDisplayName(), Fixture.XOR_SPEC);
        props.put(StreamgradConfig.WARM_START_FILE_CONFIG, file.toString());
        Fixture f = new Fixture(props, Fixture.freshDir("warm-file"));
        fixtures.add(f);
        for (int i = 0; i < 4; i++) {
            f.send("k" + i, Fixture.XOR_X[i], null);
        }
        List<Prediction> p = f.predictions.readValuesToList();
        for (int i = 0; i < 4; i++) {
            assertEquals(8000L, p.get(i).getModelVersion());
            assertEquals(Fixture.XOR_Y[i], p.get(i).getPredictedClass());
        }
        Map<String, Object> wrongSpec = Fixture.props("warm-file-bad", Fixture.REGRESSION_SPEC);
        wrongSpec.put(StreamgradConfig.WARM_START_FILE_CONFIG, file.toString());
        assertThrows(ConfigException.class, () -> StreamgradTopology.training(wrongSpec));
    }
}
