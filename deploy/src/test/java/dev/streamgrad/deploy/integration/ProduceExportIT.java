package dev.streamgrad.deploy.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.streamgrad.deploy.broker.EmbeddedKafka;
import dev.streamgrad.deploy.broker.Topics;
import dev.streamgrad.deploy.cli.Cli;
import dev.streamgrad.deploy.cli.ExitCodes;
import dev.streamgrad.deploy.data.DriftSchedule;
import dev.streamgrad.deploy.data.DriftingRegressionTask;
import dev.streamgrad.deploy.data.LabeledExample;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.WeightsJson;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.registry.MockSchemaRegistry;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import dev.streamgrad.topology.SnapshotChunks;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code produce} and {@code export} against a real broker (one {@link EmbeddedKafka} for the class) with a
 * {@code mock://} registry: the command line runs in this JVM, so it shares the in-memory registry with the test.
 */
@Tag("integration")
class ProduceExportIT {

    private static final String SCOPE = "produce-export-it";
    private static final Map<String, Object> SERDE_CONFIG = Map.of("schema.registry.url", "mock://" + SCOPE);

    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(List.of(Topics.plain("events", 2), Topics.compactedSnapshots("snapshots", 2,
                Topics.DEFAULT_SNAPSHOT_MAX_MESSAGE_BYTES)));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
        MockSchemaRegistry.dropScope(SCOPE);
    }

    record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("app.properties"), "bootstrap.servers=" + kafka.bootstrapServers()
                + "\nschema.registry.url=mock://" + SCOPE + "\nstreamgrad.snapshots.topic=snapshots\n");
    }

    @Test
    void produceWritesTheFileAsLabeledEventsKeyedByTheModelId() throws Exception {
        Path data = Files.writeString(dir.resolve("d.jsonl"), """
                {"features": [0.5, -1.25, 3.0], "label": 1}
                {"features": [1e-3, 2.0, -0.0], "label": 0}
                {"features": [7.0, 8.5, 9.75], "label": 2}
                """);
        Result r = cli("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "events",
                "--model-id", "m-1", "--class-labels", "--rate", "10", "--data", data.toString(),
                "--config", config().toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().startsWith("produced 3 events to events (key m-1, Confluent wire format, registry mock://"
                + SCOPE + ") in "), r.out());
        double seconds = Double.parseDouble(r.out().replaceAll("(?s).*\\) in ([0-9.]+) s.*", "$1"));
        assertTrue(seconds >= 0.2, "--rate 10: the third event is sent 0.2 s after the first, took " + seconds);

        List<ConsumerRecord<String, LabeledEvent>> records = new ArrayList<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "produce-it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (Serde<LabeledEvent> serde = StreamgradSerdes.specific(LabeledEvent.class, SERDE_CONFIG, false);
             KafkaConsumer<String, LabeledEvent> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                     serde.deserializer())) {
            consumer.subscribe(List.of("events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(3, records.size());
        records.sort(java.util.Comparator.comparing(rec -> rec.value().getId().toString()));
        double[][] features = {{0.5, -1.25, 3.0}, {1e-3, 2.0, -0.0}, {7.0, 8.5, 9.75}};
        int[] labels = {1, 0, 2};
        for (int i = 0; i < 3; i++) {
            ConsumerRecord<String, LabeledEvent> rec = records.get(i);
            assertEquals("m-1", rec.key());
            assertEquals(records.get(0).partition(), rec.partition(), "one key, one partition");
            assertEquals(Integer.toString(i), rec.value().getId().toString());
            assertArrayEquals(features[i], rec.value().getFeatures().stream().mapToDouble(Double::doubleValue)
                    .toArray(), 0.0);
            assertEquals(labels[i], rec.value().getTarget());
        }
        // -0.0 keeps its sign bit through the file reader, Avro and the broker
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(records.get(1).value()
                .getFeatures().get(2)));
    }

    @Test
    void produceWithoutARegistryWritesSingleObjectEventsOfTheSyntheticTask() throws Exception {
        kafka.createTopics(List.of(Topics.plain("synthetic", 1)));
        Result r = cli("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "synthetic",
                "--events", "50", "--task", "regression", "--features", "3", "--seed", "9");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().startsWith("produced 50 events to synthetic (key default, Avro single-object encoding"
                + " (no registry)) in "), r.out());

        List<ConsumerRecord<String, LabeledEvent>> records = new ArrayList<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "synthetic-it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (Serde<LabeledEvent> serde = StreamgradSerdes.singleObject(LabeledEvent.class);
             KafkaConsumer<String, LabeledEvent> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                     serde.deserializer())) {
            consumer.subscribe(List.of("synthetic"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 50 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(50, records.size());
        try (DriftingRegressionTask task = new DriftingRegressionTask(3, 0.05, DriftSchedule.at(10_000), 9)) {
            for (ConsumerRecord<String, LabeledEvent> rec : records) {       // one partition: in order
                LabeledExample expected = task.next();
                assertEquals("default", rec.key());
                assertArrayEquals(expected.features(), rec.value().getFeatures().stream()
                        .mapToDouble(Double::doubleValue).toArray(), 0.0);
                assertEquals(expected.label(), (Double) rec.value().getTarget(), 0.0);
            }
        }
    }

    @Test
    void exportKeepsTheLatestSnapshotOfTheModelAndFailsForAnUnknownOne() throws Exception {
        NetworkSpec spec = NetworkSpec.builder().layers("3,4:tanh,1:identity").seed(3).build();
        Model a = Model.create(spec);
        Model b = Model.create(spec.toBuilder().seed(4).build());
        ModelState older = a.state();
        a.learn(new double[] {1, 2, 3}, new double[] {0.5});
        ModelState latest = a.state();

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Serde<WeightSnapshot> serde = StreamgradSerdes.specific(WeightSnapshot.class, SERDE_CONFIG, false);
             KafkaProducer<String, WeightSnapshot> producer = new KafkaProducer<>(p, new StringSerializer(),
                     serde.serializer())) {
            Instant now = Instant.now();
            producer.send(new ProducerRecord<>("snapshots", "a", WeightSnapshots.fromModelState("a", now, older,
                    Map.of()))).get();
            producer.send(new ProducerRecord<>("snapshots", "b", WeightSnapshots.fromModelState("b", now, b.state(),
                    Map.of()))).get();
            producer.send(new ProducerRecord<>("snapshots", "a", WeightSnapshots.fromModelState("a", now, latest,
                    Map.of("loss", 0.25)))).get();
        }

        Path json = dir.resolve("a.json");
        Result r = cli("export", "--config", config().toString(), "--model-id", "a", "--output", json.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals("exported model 'a' version 1 (1 events learned) from topic snapshots to " + json + "\n", r.out());
        String expected = WeightsJson.toJson(latest);
        assertEquals(expected + "\n", Files.readString(json, StandardCharsets.UTF_8));
        ModelState exported = WeightsJson.fromJson(Files.readString(json, StandardCharsets.UTF_8));
        for (int l = 1; l <= 2; l++) {
            assertArrayEquals(latest.weights(l), exported.weights(l), 0.0);
            assertArrayEquals(latest.bias(l), exported.bias(l), 0.0);
        }

        Result unknown = cli("export", "--config", config().toString(), "--model-id", "zzz", "--timeout", "20",
                "--output", dir.resolve("z.json").toString());
        assertEquals(ExitCodes.FAILURE, unknown.code(), unknown.err());
        assertEquals("", unknown.out());
        assertEquals("streamgrad export: failed: no snapshot of model 'zzz' in topic snapshots (3 records read from 2"
                + " partitions)\n", unknown.err());
        assertTrue(Files.notExists(dir.resolve("z.json")));

        Result noTopic = cli("export", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "nothing-here",
                "--timeout", "5", "--model-id", "a", "--output", "-");
        assertEquals(ExitCodes.FAILURE, noTopic.code(), noTopic.err());
        assertEquals("streamgrad export: failed: topic nothing-here does not exist\n", noTopic.err());
    }

    /** A snapshot the topology wrote as chunk records plus a manifest (models over the chunk size) is reassembled. */
    @Test
    void exportReassemblesAChunkedSnapshot() throws Exception {
        Model c = Model.create(NetworkSpec.builder().layers("3,16:tanh,2:identity").seed(5).build());
        c.learn(new double[] {1, 2, 3}, new double[] {0.5, -0.5});
        ModelState state = c.state();
        byte[] encoded;
        try (Serde<WeightSnapshot> serde = StreamgradSerdes.specific(WeightSnapshot.class, SERDE_CONFIG, false)) {
            encoded = serde.serializer().serialize("snapshots",
                    WeightSnapshots.fromModelState("c", Instant.now(), state, Map.of()));
        }
        List<KeyValue<byte[], byte[]>> records = new SnapshotChunks(128).split("c", 1, encoded, 0);
        assertTrue(records.size() > 3, "the snapshot must really be chunked: " + records.size() + " records");
        kafka.createTopics(List.of(Topics.plain("chunked-snapshots", 1)));   // its own topic: other tests count records
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (KeyValue<byte[], byte[]> kv : records) {   // one partition, in order: chunks, then the manifest
                producer.send(new ProducerRecord<>("chunked-snapshots", 0, kv.key, kv.value)).get();
            }
        }

        Path json = dir.resolve("c.json");
        Result r = cli("export", "--config", config().toString(), "--topic", "chunked-snapshots", "--model-id", "c",
                "--output", json.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        ModelState exported = WeightsJson.fromJson(Files.readString(json, StandardCharsets.UTF_8));
        for (int l = 1; l <= 2; l++) {
            assertArrayEquals(state.weights(l), exported.weights(l), 0.0);
            assertArrayEquals(state.bias(l), exported.bias(l), 0.0);
        }
    }
}
