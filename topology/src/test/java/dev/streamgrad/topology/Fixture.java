package dev.streamgrad.topology;

import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DriftEvent;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.registry.MockSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver around the training topology, with a mock:// registry and typed topics. */
final class Fixture implements AutoCloseable {
    static final String XOR_SPEC = "{\"input_size\":2,\"layers\":[{\"size\":4,\"activation\":\"tanh\"},"
            + "{\"size\":1,\"activation\":\"sigmoid\"}],\"loss\":\"binary_cross_entropy\","
            + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.5},\"seed\":7}";
    static final String REGRESSION_SPEC = "{\"input_size\":2,\"layers\":[{\"size\":8,\"activation\":\"tanh\"},"
            + "{\"size\":1,\"activation\":\"identity\"}],\"loss\":\"squared_error\","
            + "\"optimizer\":{\"type\":\"adam\",\"learning_rate\":0.01},\"seed\":3}";

    final Map<String, Object> props;
    final String scope;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;
    final TestOutputTopic<byte[], Prediction> predictions;
    final TestOutputTopic<byte[], WeightSnapshot> snapshots;
    final TestOutputTopic<byte[], byte[]> metrics;
    final TestOutputTopic<byte[], DeadLetter> deadLetters;
    final TestOutputTopic<byte[], DriftEvent> drifts;
    final Serde<LabeledEvent> events;
    final Path stateDir;

    /** @return base properties: mock registry of the given scope, java kernels, no time-based emission */
    static Map<String, Object> props(String scope, String spec) {
        Map<String, Object> p = new HashMap<>();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "sg-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
        p.put("schema.registry.url", "mock://" + scope);
        p.put(StreamgradConfig.MODEL_SPEC_CONFIG, spec);
        p.put(StreamgradConfig.KERNELS_CONFIG, "java");
        p.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, 0L);
        p.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 0L);
        p.put(StreamgradConfig.CHECKPOINT_INTERVAL_MS_CONFIG, 0L);
        return p;
    }

    Fixture(Map<String, Object> props, Path stateDir) {
        this(props, stateDir, StreamgradTopology.training(props));
    }

    Fixture(Map<String, Object> props, Path stateDir, Topology topology) {
        this.props = props;
        this.scope = MockSchemaRegistry.scopeOf(String.valueOf(props.get("schema.registry.url")));
        this.stateDir = stateDir;
        Properties p = StreamgradTopology.streamsProperties(props);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, p, Instant.ofEpochMilli(0));
        StreamgradConfig c = new StreamgradConfig(props);
        input = driver.createInputTopic(c.inputTopic(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), Instant.ofEpochMilli(0), java.time.Duration.ofMillis(1));
        predictions = driver.createOutputTopic(c.predictionsTopic(), Serdes.ByteArray().deserializer(),
                serde(Prediction.class).deserializer());
        snapshots = driver.createOutputTopic(c.snapshotsTopic(), Serdes.ByteArray().deserializer(),
                serde(WeightSnapshot.class).deserializer());
        metrics = driver.createOutputTopic(c.metricsTopic(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(c.deadLetterTopic(), Serdes.ByteArray().deserializer(),
                serde(DeadLetter.class).deserializer());
        drifts = driver.createOutputTopic(c.driftTopic(), Serdes.ByteArray().deserializer(),
                serde(DriftEvent.class).deserializer());
        events = serde(LabeledEvent.class);
    }

    <T extends org.apache.avro.specific.SpecificRecord> Serde<T> serde(Class<T> c) {
        return StreamgradSerdes.specific(c, props, false);
    }

    static LabeledEvent event(double[] x, Object target, String id) {
        List<Double> f = new ArrayList<>();
        for (double v : x) {
            f.add(v);
        }
        return LabeledEvent.newBuilder().setFeatures(f).setTarget(target).setId(id).build();
    }

    byte[] bytes(LabeledEvent e) {
        return events.serializer().serialize(new StreamgradConfig(props).inputTopic(), e);
    }

    void send(String key, double[] x, Object target) {
        input.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), bytes(event(x, target, null)));
    }

    void sendRaw(String key, byte[] value) {
        input.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    static final double[][] XOR_X = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
    static final int[] XOR_Y = {0, 1, 1, 0};

    void sendXor(String key, int epochs) {
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < 4; i++) {
                send(key, XOR_X[i], XOR_Y[i]);
            }
        }
    }

    List<WeightSnapshot> snapshotsOf(String modelId) {
        List<WeightSnapshot> out = new ArrayList<>();
        for (TestRecord<byte[], WeightSnapshot> r : snapshots.readRecordsToList()) {
            if (new String(r.key(), StandardCharsets.UTF_8).equals(modelId)) {
                out.add(r.value());
            }
        }
        return out;
    }

    /**
     * @return the snapshot without its time and running metrics (they restart with a task), for bit-exact comparison
     *     of the model (Avro equals compares doubles by bits)
     */
    static WeightSnapshot timeless(WeightSnapshot s) {
        return WeightSnapshot.newBuilder(s).setSnapshotTime(Instant.EPOCH).setMetrics(Map.of()).build();
    }

    double metric(String name, String group) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals(group))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Override
    public void close() {
        driver.close();
    }

    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    static Path freshDir(String name) {
        Path dir = Path.of("target", "state", name + "-" + System.nanoTime());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
