package dev.streamgrad.bench;

import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Events per second of the whole training topology in {@code TopologyTestDriver} (decode, model store, predict,
 * learn, write-ahead log, checkpoints, Avro prediction out; the driver commits after every record, the worst case
 * for the store) next to the model alone on the same events ({@code path=model}). One op = one event; micro-batch
 * runs ({@code batch=32}) predict every event and learn every 32nd. Automatic checkpoint interval K.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBench {

    @Param({"8-16-1", "784-256-10"})
    public String shape;

    @Param({"1", "32"})
    public int batch;

    @Param({"model", "driver"})
    public String path;

    private PipelineWorkload w;
    private PipelineWorkload.ModelOnly model;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> predictions;
    private Path stateDir;
    private final byte[] key = "m".getBytes(StandardCharsets.UTF_8);
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        w = new PipelineWorkload(shape);
        if (path.equals("model")) {
            model = new PipelineWorkload.ModelOnly(w, batch);
            return;
        }
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pipeline-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
        props.put(StreamgradConfig.MODEL_SPEC_CONFIG, w.spec);
        props.put(StreamgradConfig.BATCH_SIZE_CONFIG, batch);
        props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 0L);
        props.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, 0L);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 0L);
        stateDir = Files.createTempDirectory("pipeline-bench");
        Properties p = StreamgradTopology.streamsProperties(props);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(StreamgradTopology.training(props), p, Instant.ofEpochMilli(0));
        StreamgradConfig c = new StreamgradConfig(props);
        input = driver.createInputTopic(c.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                Instant.ofEpochMilli(0), Duration.ofMillis(1));
        predictions = driver.createOutputTopic(c.predictionsTopic(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        // The driver path is a lot of Kafka Streams code: JMH's short warm-up iterations are not enough for C2
        // (first iterations ran at a tenth of the steady rate), so warm it up here, outside the measurement.
        int warm = w.d < 100 ? 40_000 : 3_000;
        for (int i = 0; i < warm; i++) {
            event();
        }
        next = 0;
    }

    @Benchmark
    public Object event() {
        int i = next++;
        if (model != null) {
            return model.event(i);
        }
        input.pipeInput(key, w.values.get(i & (PipelineWorkload.EVENTS - 1)));
        if ((i & 1023) == 1023) {
            predictions.readRecordsToList();   // the driver keeps outputs in memory until read
        }
        return input;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (driver != null) {
            driver.close();
            deleteTree(stateDir);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
