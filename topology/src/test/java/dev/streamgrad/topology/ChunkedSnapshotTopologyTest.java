package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Snapshots larger than streamgrad.snapshot.chunk.bytes (tiny here) go out as chunks + manifest, and the serving
 * topology and warm start read them back bit for bit.
 */
class ChunkedSnapshotTopologyTest {
    private static final int CHUNK = 256;
    private static final double[][] X = {{0.1, -0.3}, {0.5, 0.2}, {-0.7, 0.9}, {0.3, 0.3}};
    private final List<Fixture> fixtures = new ArrayList<>();

    @AfterEach
    void closeAll() {
        fixtures.forEach(f -> {
            f.close();
            f.dropScope();
        });
    }

    private Map<String, Object> props(TestInfo info) {
        Map<String, Object> p = Fixture.props("chunks-" + info.getDisplayName(), Fixture.REGRESSION_SPEC);
        p.put(StreamgradConfig.SNAPSHOT_CHUNK_BYTES_CONFIG, CHUNK);
        p.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 4L);
        return p;
    }

    private static double target(double[] x) {
        return x[0] * 0.5 - x[1];
    }

    private static List<KeyValue<byte[], byte[]>> raw(Fixture f) {
        TestOutputTopic<byte[], byte[]> out = f.driver.createOutputTopic(new StreamgradConfig(f.props)
                .snapshotsTopic(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        return out.readKeyValuesToList();
    }

    private static WeightSnapshot lastSnapshot(Fixture f, List<KeyValue<byte[], byte[]>> records, String modelId) {
        Map<Bytes, byte[]> topic = new HashMap<>();
        records.forEach(kv -> topic.put(Bytes.wrap(kv.key), kv.value));
        byte[] bytes = SnapshotChunks.assemble(modelId, topic.get(Bytes.wrap(modelId.getBytes(StandardCharsets.UTF_8))),
                k -> topic.get(Bytes.wrap(k)));
        return f.serde(WeightSnapshot.class).deserializer().deserialize("t", bytes);
    }

    @Test
    void largeSnapshotsAreChunkedAndServedAndWarmStartedBitForBit(TestInfo info) {
        Map<String, Object> props = props(info);
        Fixture training = new Fixture(props, Fixture.freshDir("chunks-train"));
        fixtures.add(training);
        Model reference = Model.create(new StreamgradConfig(props).networkSpec(), new JavaKernels());
        for (int i = 0; i < 8; i++) {
            double[] x = X[i % 4];
            training.send("m", x, target(x));
            reference.learn(x, new double[] {target(x)}, null);
        }
        List<KeyValue<byte[], byte[]>> records = raw(training);
        int manifests = 0;
        for (int i = 0; i < records.size(); i++) {
            KeyValue<byte[], byte[]> kv = records.get(i);
            assertTrue(kv.value.length <= CHUNK + 64, kv.value.length + " bytes");
            if (SnapshotChunks.isManifest(kv.value)) {
                manifests++;
                assertEquals("m", new String(kv.key, StandardCharsets.UTF_8));
                assertTrue(SnapshotChunks.isChunk(records.get(i - 1).value), "chunks come first");
            } else {
                assertTrue(SnapshotChunks.isChunk(kv.value));
            }
        }
        assertEquals(3, manifests, "snapshots at versions 0 (created), 4 and 8");
        assertTrue(records.size() > 3 * 3, records.size() + " records");
        WeightSnapshot last = lastSnapshot(training, records, "m");
        assertEquals(8L, last.getVersion());
        assertArrayEquals(ModelStateCodec.toBytes(reference.state()),
                ModelStateCodec.toBytes(WeightSnapshots.toModelState(last)));

        // serving: a global store fed with the raw records; partial later chunks leave the model in use
        Map<String, Object> servingProps = new HashMap<>(props);
        Fixture serving = new Fixture(servingProps, Fixture.freshDir("chunks-serve"),
                StreamgradTopology.serving(servingProps));
        fixtures.add(serving);
        TestInputTopic<byte[], byte[]> snaps = serving.driver.createInputTopic(
                new StreamgradConfig(props).snapshotsTopic(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        records.forEach(kv -> snaps.pipeInput(kv.key, kv.value));
        serving.send("m", X[2], null);
        Model next = Model.fromState(reference.state(), new JavaKernels());
        next.learn(X[0], new double[] {5.0}, null);
        List<KeyValue<byte[], byte[]>> nextRecords = new SnapshotChunks(CHUNK).split("m", 9,
                serving.serde(WeightSnapshot.class).serializer().serialize("t",
                        WeightSnapshots.fromModelState("m", java.time.Instant.ofEpochMilli(99), next.state(), java.util.Map.of())), 0);
        snaps.pipeInput(nextRecords.get(0).key, nextRecords.get(0).value);   // a chunk of version 9, no manifest
        serving.send("m", X[1], null);
        nextRecords.forEach(kv -> snaps.pipeInput(kv.key, kv.value));
        serving.send("m", X[1], null);
        List<Prediction> p = serving.predictions.readValuesToList();
        assertEquals(3, p.size(), String.valueOf(serving.deadLetters.readValuesToList()));
        assertEquals(8L, p.get(0).getModelVersion());
        assertEquals(Double.doubleToLongBits(reference.predict(X[2])[0]),
                Double.doubleToLongBits(p.get(0).getOutput().get(0)));
        assertEquals(8L, p.get(1).getModelVersion(), "the incomplete version 9 is not used");
        assertEquals(Double.doubleToLongBits(reference.predict(X[1])[0]),
                Double.doubleToLongBits(p.get(1).getOutput().get(0)));
        assertEquals(9L, p.get(2).getModelVersion());
        assertEquals(Double.doubleToLongBits(next.predict(X[1])[0]),
                Double.doubleToLongBits(p.get(2).getOutput().get(0)));

        // warm start from a topic of chunked snapshots
        Map<String, Object> warmProps = props(info);
        warmProps.put(StreamgradConfig.WARM_START_TOPIC_CONFIG, "previous-snapshots");
        Fixture warm = new Fixture(warmProps, Fixture.freshDir("chunks-warm"));
        fixtures.add(warm);
        TestInputTopic<byte[], byte[]> previous = warm.driver.createInputTopic("previous-snapshots",
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        records.forEach(kv -> previous.pipeInput(kv.key, kv.value));
        warm.send("m", X[3], null);
        Prediction w = warm.predictions.readValue();
        assertEquals(8L, w.getModelVersion());
        assertEquals(Double.doubleToLongBits(reference.predict(X[3])[0]), Double.doubleToLongBits(w.getOutput().get(0)));
        assertArrayEquals(ModelStateCodec.toBytes(reference.state()),
                ModelStateCodec.toBytes(WeightSnapshots.toModelState(lastSnapshot(warm, raw(warm), "m"))));
    }
}
