package dev.streamgrad.topology.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.registry.MockSchemaRegistry;
import dev.streamgrad.topology.SnapshotChunks;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradTopology;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End to end on a real broker with the Confluent-wire-format Avro serdes (mock:// registry shared in this JVM): a
 * 784-256-10 classifier (about 4.9 MB of state with Adam, over Kafka's 1 MB default record limit) learns, its
 * snapshots reach the snapshot topic with every limit at Kafka's defaults (topic max.message.bytes, the producer's
 * max.request.size, the consumers' fetch sizes): each goes out as chunks of at most 900 KB + a manifest, all in the
 * model id's partition of a 3-partition topic (the store's changelog carries 512 KB checkpoint chunks), a bad record
 * is dead-lettered, and a serving-only application assembles the latest snapshot and scores new events bit for bit.
 */
@Tag("integration")
class AvroEndToEndIT {
    static final String SPEC = "{\"input_size\":784,\"layers\":[{\"size\":256,\"activation\":\"relu\"},"
            + "{\"size\":10,\"activation\":\"softmax\"}],\"loss\":\"cross_entropy\","
            + "\"optimizer\":{\"type\":\"adam\",\"learning_rate\":0.001},\"seed\":5}";
    static final String SCOPE = "avro-e2e";
    static Broker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new Broker();
        broker.createTopics(1, Map.of(), "events", "serve-events", "streamgrad-predictions", "serving-predictions",
                "streamgrad-dead-letters", "streamgrad-metrics");
        broker.createTopics(3, Map.of("cleanup.policy", "compact"), "streamgrad-snapshots");   // default limits
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private static Properties props(String appId, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put("schema.registry.url", "mock://" + SCOPE);
        p.put(StreamgradConfig.MODEL_SPEC_CONFIG, SPEC);
        p.put(StreamgradConfig.KERNELS_CONFIG, "java");
        p.put(StreamgradConfig.INPUT_TOPIC_CONFIG, "events");
        p.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, "10");
        p.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, "0");
        return p;
    }

    private static double[] x(SplittableRandom rnd) {
        double[] x = new double[784];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble();
        }
        return x;
    }

    private static LabeledEvent event(double[] x, Integer cls) {
        List<Double> f = new ArrayList<>(x.length);
        for (double v : x) {
            f.add(v);
        }
        return LabeledEvent.newBuilder().setFeatures(f).setTarget(cls).build();
    }

    @Test
    void trainsSnapshotsOverOneMegabyteAndServes() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "e2e-" + System.nanoTime()));
        Map<String, Object> serdeConfig = new HashMap<>();
        serdeConfig.put("schema.registry.url", "mock://" + SCOPE);
        var events = StreamgradSerdes.specific(LabeledEvent.class, serdeConfig, false);
        var predictions = StreamgradSerdes.specific(Prediction.class, serdeConfig, false);
        var snapshots = StreamgradSerdes.specific(WeightSnapshot.class, serdeConfig, false);
        var deadLetters = StreamgradSerdes.specific(DeadLetter.class, serdeConfig, false);

        SplittableRandom rnd = new SplittableRandom(3);
        Model reference = Model.create(new StreamgradConfig(Map.of(StreamgradConfig.MODEL_SPEC_CONFIG, SPEC))
                .networkSpec(), KernelFactory.forMode(KernelMode.JAVA));
        byte[] key = "digits".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
            for (int i = 0; i < 20; i++) {
                double[] x = x(rnd);
                int cls = i % 10;
                reference.learn(x, cls, null);
                p.send(new ProducerRecord<>("events", key, events.serializer().serialize("events", event(x, cls))));
                if (i == 4) {
                    p.send(new ProducerRecord<>("events", key, new byte[] {7, 7, 7}));
                }
            }
        }
        Properties training = props("e2e-training", dir.resolve("training"));
        assertNull(StreamgradTopology.streamsProperties(training).get("producer.max.request.size"));
        assertNull(StreamgradTopology.streamsProperties(training).get("max.request.size"));
        try (KafkaStreams app = new KafkaStreams(StreamgradTopology.training(training),
                StreamgradTopology.streamsProperties(training))) {
            app.start();
            List<ConsumerRecord<byte[], byte[]>> snaps = broker.readUntil("streamgrad-snapshots",
                    l -> l.stream().filter(r -> SnapshotChunks.isManifest(r.value())).count() >= 3,
                    Duration.ofSeconds(90));
            Map<Bytes, byte[]> topic = new HashMap<>();
            int partition = Utils.toPositive(Utils.murmur2(key)) % 3;
            for (ConsumerRecord<byte[], byte[]> r : snaps) {
                assertTrue(r.value().length < 1_000_000, r.value().length + " bytes");
                assertEquals(partition, r.partition(), "every record of the model in its id's partition");
                topic.put(Bytes.wrap(r.key()), r.value());
            }
            byte[] encoded = SnapshotChunks.assemble("digits", topic.get(Bytes.wrap(key)),
                    k -> topic.get(Bytes.wrap(k)));
            assertTrue(encoded.length > 4 * (1 << 20), encoded.length + " bytes");
            assertEquals(3 * 7, snaps.size(), "3 snapshots of 6 chunks + a manifest");
            WeightSnapshot last = snapshots.deserializer().deserialize("streamgrad-snapshots", encoded);
            assertEquals(20L, last.getVersion());
            assertArrayEquals(ModelStateCodec.toBytes(reference.state()),
                    ModelStateCodec.toBytes(WeightSnapshots.toModelState(last)), "snapshot = the model's own state");
            List<ConsumerRecord<byte[], byte[]>> preds = broker.readUntil("streamgrad-predictions",
                    l -> l.size() >= 20, Duration.ofSeconds(30));
            assertEquals(19L, predictions.deserializer().deserialize("p", preds.get(19).value()).getModelVersion());
            DeadLetter dl = deadLetters.deserializer().deserialize("d", broker.readUntil("streamgrad-dead-letters",
                    l -> l.size() >= 1, Duration.ofSeconds(30)).get(0).value());
            assertEquals(DeadLetterReason.WRONG_MAGIC_BYTE, dl.getReason());
            assertEquals(5L, dl.getSourceOffset());
        }

        Properties serving = props("e2e-serving", dir.resolve("serving"));
        serving.put(StreamgradConfig.INPUT_TOPIC_CONFIG, "serve-events");
        serving.put(StreamgradConfig.PREDICTIONS_TOPIC_CONFIG, "serving-predictions");
        List<double[]> xs = new ArrayList<>();
        try (KafkaStreams app = new KafkaStreams(StreamgradTopology.serving(serving),
                StreamgradTopology.streamsProperties(serving))) {
            app.start();
            try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
                for (int i = 0; i < 3; i++) {
                    double[] x = x(rnd);
                    xs.add(x);
                    p.send(new ProducerRecord<>("serve-events", key, events.serializer().serialize("serve-events",
                            event(x, null))));
                }
            }
            List<ConsumerRecord<byte[], byte[]>> served = broker.readUntil("serving-predictions",
                    l -> l.size() >= 3, Duration.ofSeconds(60));
            for (int i = 0; i < 3; i++) {
                Prediction pr = predictions.deserializer().deserialize("p", served.get(i).value());
                assertEquals(20L, pr.getModelVersion());
                double[] expected = reference.predict(xs.get(i));
                for (int k = 0; k < 10; k++) {
                    assertEquals(Double.doubleToLongBits(expected[k]), Double.doubleToLongBits(pr.getOutput().get(k)));
                }
            }
        }
    }
}
