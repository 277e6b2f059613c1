package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DriftEvent;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import dev.streamgrad.serde.registry.MockSchemaRegistry;
import dev.streamgrad.topology.LearnerOutput;
import dev.streamgrad.topology.SnapshotChunks;
import dev.streamgrad.topology.StreamgradConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The router: each output kind serialised for its topic (registry subject included) and sent to its sink only. */
class OutputRouterTest {
    private static final String PREDICTIONS = "preds";
    private static final String SNAPSHOTS = "snaps";
    private static final String METRICS = "mets";
    private static final String DEAD_LETTERS = "dlq";
    private static final String DRIFTS = "drifts";

    private String scope;
    private Map<String, Object> serdeConfig;
    private MockProcessorContext<byte[], byte[]> context;

    @BeforeEach
    void open(TestInfo info) {
        scope = "router-" + info.getDisplayName();
        serdeConfig = Map.of("schema.registry.url", MockSchemaRegistry.MOCK_URL_PREFIX + scope);
        context = new MockProcessorContext<>();
    }

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    private <T extends SpecificRecord> Serde<T> serde(Class<T> c) {
        return StreamgradSerdes.specific(c, serdeConfig, false);
    }

    private OutputRouter router(int chunkBytes) {
        return router(chunkBytes, 1 << 20);
    }

    private OutputRouter router(int chunkBytes, int maxRecordBytes) {
        OutputRouter router = new OutputRouter(new OutputRouter.Routes(
                new SinkRoute<>("p-sink", PREDICTIONS, serde(Prediction.class).serializer()),
                new SinkRoute<>("s-sink", SNAPSHOTS, serde(WeightSnapshot.class).serializer()),
                new SinkRoute<>("m-sink", METRICS, Serdes.String().serializer()),
                new SinkRoute<>("d-sink", DEAD_LETTERS, serde(DeadLetter.class).serializer()),
                new SinkRoute<>("x-sink", DRIFTS, serde(DriftEvent.class).serializer())),
                new SnapshotChunks(chunkBytes), maxRecordBytes);
        router.init(context);
        return router;
    }

    private static WeightSnapshot snapshot(String modelId, int hidden) {
        String spec = "{\"input_size\":2,\"layers\":[{\"size\":" + hidden + ",\"activation\":\"tanh\"},"
                + "{\"size\":1,\"activation\":\"identity\"}],\"loss\":\"squared_error\","
                + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.1},\"seed\":3}";
        Model model = Model.create(new StreamgradConfig(Map.of(StreamgradConfig.MODEL_SPEC_CONFIG, spec))
                .networkSpec(), new JavaKernels());
        return WeightSnapshots.fromModelState(modelId, java.time.Instant.ofEpochMilli(1_000L), model.state(), java.util.Map.of());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T decode(Serde<T> serde, String topic, byte[] bytes) {
        return serde.deserializer().deserialize(topic, bytes);
    }

    @Test
    void aDeadLetterOverTheOutputLimitIsSentWithoutItsCopiesAndOtherOutputsAreDropped() {
        OutputRouter router = router(SnapshotChunks.DEFAULT_CHUNK_BYTES, 2_000);
        DeadLetter big = DeadLetter.newBuilder().setReason(DeadLetterReason.MALFORMED_BYTES).setMessage("bad")
                .setSourceOffset(5L).setKey(ByteBuffer.wrap(new byte[10])).setValue(ByteBuffer.wrap(new byte[5_000]))
                .setValueSize(5_000).build();
        router.process(new Record<>(new byte[10], new LearnerOutput.DeadLettered(big), 1L));
        assertEquals(1, context.forwarded().size());
        byte[] sent = (byte[]) context.forwarded().get(0).record().value();
        assertTrue(sent.length <= 2_000, "within the limit: " + sent.length);
        DeadLetter d = serde(DeadLetter.class).deserializer().deserialize(DEAD_LETTERS, sent);
        assertNull(d.getValue());
        assertTrue(d.getTruncated());
        assertEquals(5_000, d.getValueSize());
        assertEquals(5L, d.getSourceOffset());
        context.resetForwards();
        router.process(new Record<>(new byte[10], new LearnerOutput.MetricsReport("m".repeat(3_000), Map.of()), 1L));
        assertEquals(0, context.forwarded().size(), "an output over the limit is never handed to the producer");
    }

    @Test
    void eachKindIsSerialisedForItsTopicAndSentToItsSinkOnly() {
        OutputRouter router = router(SnapshotChunks.DEFAULT_CHUNK_BYTES);
        Prediction prediction = Prediction.newBuilder().setModelId("m").setModelVersion(3).setOutput(List.of(0.25))
                .build();
        WeightSnapshot snapshot = snapshot("m", 4);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("events", 12.0);
        values.put("meanLoss", Double.NaN);
        LearnerOutput.MetricsReport metrics = new LearnerOutput.MetricsReport("m", values);
        DeadLetter deadLetter = DeadLetter.newBuilder().setReason(DeadLetterReason.OTHER).setMessage("bad")
                .setKey(ByteBuffer.wrap(utf8("k"))).build();

        router.process(new Record<>(utf8("m"), new LearnerOutput.Predicted(prediction), 10L));
        router.process(new Record<>(utf8("m"), new LearnerOutput.Snapshotted(snapshot), 11L));
        router.process(new Record<>(utf8("m"), metrics, 12L));
        router.process(new Record<>(utf8("k"), new LearnerOutput.DeadLettered(deadLetter), 13L));
        DriftEvent drift = DriftEvent.newBuilder().setModelId("m").setModelVersion(9).setDetector("adwin(delta=0.002)")
                .setSignal("loss").setAction("none").setObservation(9).setStatistics(Map.of("width", 9.0))
                .setEventTime(java.time.Instant.ofEpochMilli(15L)).build();
        router.process(new Record<>(utf8("m"), null, 14L));
        router.process(new Record<>(utf8("m"), new LearnerOutput.Drifted(drift), 15L));

        List<CapturedForward<? extends byte[], ? extends byte[]>> out = context.forwarded();
        assertEquals(5, out.size(), "a null value is dropped");
        assertEquals(List.of("p-sink", "s-sink", "m-sink", "d-sink", "x-sink"),
                out.stream().map(f -> f.childName().orElse("<all children>")).toList());
        assertEquals(List.of(10L, 11L, 12L, 13L, 15L), out.stream().map(f -> f.record().timestamp()).toList());
        assertEquals(List.of("m", "m", "m", "k", "m"),
                out.stream().map(f -> new String(f.record().key(), StandardCharsets.UTF_8)).toList());
        assertEquals(prediction, decode(serde(Prediction.class), PREDICTIONS, out.get(0).record().value()));
        assertEquals(snapshot, decode(serde(WeightSnapshot.class), SNAPSHOTS, out.get(1).record().value()));
        assertArrayEquals(utf8("{\"modelId\":\"m\",\"events\":12.0,\"meanLoss\":null}"), out.get(2).record().value());
        assertEquals(deadLetter, decode(serde(DeadLetter.class), DEAD_LETTERS, out.get(3).record().value()));
        assertEquals(drift, decode(serde(DriftEvent.class), DRIFTS, out.get(4).record().value()));
        // Serialised with the sink's topic: the registry subjects are those the sinks used.
        List<String> subjects = MockSchemaRegistry.clientForScope(scope).subjects();
        assertTrue(subjects.containsAll(List.of(PREDICTIONS + "-value", SNAPSHOTS + "-value",
                DEAD_LETTERS + "-value", DRIFTS + "-value")), subjects.toString());
    }

    @Test
    void aLargeSnapshotGoesToTheSnapshotSinkAsChunksThenManifestAndASmallerOneDeletesTheUnusedChunkKeys() {
        OutputRouter router = router(64);
        WeightSnapshot large = snapshot("m", 16);
        router.process(new Record<>(utf8("m"), new LearnerOutput.Snapshotted(large), 20L));
        List<CapturedForward<? extends byte[], ? extends byte[]>> first = List.copyOf(context.forwarded());
        context.resetForwards();
        int chunks = first.size() - 1;
        assertTrue(chunks > 2, chunks + " chunks");
        Map<Bytes, byte[]> topic = new HashMap<>();
        for (int i = 0; i < first.size(); i++) {
            Record<? extends byte[], ? extends byte[]> r = first.get(i).record();
            assertEquals("s-sink", first.get(i).childName().orElse("<all children>"));
            assertEquals(20L, r.timestamp());
            assertArrayEquals(i < chunks ? SnapshotChunks.chunkKey("m", i) : utf8("m"), r.key(), "record " + i);
            topic.put(Bytes.wrap(r.key()), r.value());
        }
        assertTrue(SnapshotChunks.isManifest(first.get(chunks).record().value()), "the manifest comes last");
        byte[] assembled = SnapshotChunks.assemble("m", topic.get(Bytes.wrap(utf8("m"))),
                k -> topic.get(Bytes.wrap(k)));
        assertEquals(large, decode(serde(WeightSnapshot.class), SNAPSHOTS, assembled));

        WeightSnapshot small = snapshot("m", 1);
        router.process(new Record<>(utf8("m"), new LearnerOutput.Snapshotted(small), 21L));
        List<CapturedForward<? extends byte[], ? extends byte[]>> second = context.forwarded();
        second.forEach(f -> topic.put(Bytes.wrap(f.record().key()), f.record().value()));
        int smallChunks = (int) second.stream().filter(f -> SnapshotChunks.isChunk(f.record().value())).count();
        assertTrue(smallChunks < chunks, smallChunks + " chunks, before " + chunks);
        for (int i = smallChunks; i < chunks; i++) {
            assertNull(topic.get(Bytes.wrap(SnapshotChunks.chunkKey("m", i))), "chunk key " + i + " deleted");
        }
        assertTrue(second.stream().allMatch(f -> f.childName().orElse("").equals("s-sink")));
        assembled = SnapshotChunks.assemble("m", topic.get(Bytes.wrap(utf8("m"))), k -> topic.get(Bytes.wrap(k)));
        assertEquals(small, decode(serde(WeightSnapshot.class), SNAPSHOTS, assembled));
    }
}
