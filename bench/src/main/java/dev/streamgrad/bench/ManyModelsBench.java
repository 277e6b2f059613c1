package dev.streamgrad.bench;

import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradTopology;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * One instance, many per-key models: the training topology (8-16-1, per event, TopologyTestDriver, which commits
 * after every record) over events spread round-robin over K keys, in a heap given by the caller ({@code -Xmx}).
 * Prints events/s over the whole run and the heap in use after a full GC at the end. The driver's output topics
 * (predictions, snapshots, the model store's changelog) are drained as it goes, as a broker would take them.
 *
 * <p>Usage: {@code java -Xmx512m -cp bench/target/benchmarks.jar dev.streamgrad.bench.ManyModelsBench KEYS EVENTS
 * [key=value ...]} (extra streamgrad/Streams settings).
 */
public final class ManyModelsBench {
    private ManyModelsBench() {
    }

    public static void main(String[] args) throws Exception {
        int keys = Integer.parseInt(args[0]);
        int events = Integer.parseInt(args[1]);
        PipelineWorkload w = new PipelineWorkload("8-16-1");
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "many");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
        props.put(StreamgradConfig.MODEL_SPEC_CONFIG, w.spec);
        props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 0L);
        props.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, 0L);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 0L);
        props.put(StreamgradConfig.CHECKPOINT_INTERVAL_MS_CONFIG, 0L);
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            props.put(kv[0], kv[1]);
        }
        Path stateDir = Files.createTempDirectory("many-models");
        Properties p = StreamgradTopology.streamsProperties(props);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        StreamgradConfig c = new StreamgradConfig(props);
        byte[][] keyBytes = new byte[keys][];
        for (int i = 0; i < keys; i++) {
            keyBytes[i] = ("device-" + i).getBytes(StandardCharsets.UTF_8);
        }
        try (TopologyTestDriver driver = new TopologyTestDriver(StreamgradTopology.training(props), p,
                Instant.ofEpochMilli(0))) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(c.inputTopic(),
                    Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            List<TestOutputTopic<byte[], byte[]>> outputs = List.of(
                    driver.createOutputTopic(c.predictionsTopic(), Serdes.ByteArray().deserializer(),
                            Serdes.ByteArray().deserializer()),
                    driver.createOutputTopic(c.snapshotsTopic(), Serdes.ByteArray().deserializer(),
                            Serdes.ByteArray().deserializer()),
                    driver.createOutputTopic("many-streamgrad-models-changelog", Serdes.ByteArray().deserializer(),
                            Serdes.ByteArray().deserializer()));
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                input.pipeInput(keyBytes[i % keys], w.values.get(i & (PipelineWorkload.EVENTS - 1)));
                if ((i & 4095) == 4095) {
                    outputs.forEach(TestOutputTopic::readRecordsToList);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            outputs.forEach(TestOutputTopic::readRecordsToList);
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long max = Runtime.getRuntime().maxMemory();
            System.out.printf(Locale.ROOT, "MANY keys=%d events=%d eventsPerSecond=%.0f heapUsedAfterGcMB=%.1f "
                    + "maxHeapMB=%.0f cachedModels=%.0f evictions=%.0f%n", keys, events, events / seconds,
                    used / 1048576.0, max / 1048576.0, metric(driver, "cached-models"),
                    metric(driver, "evictions-total"));
        } finally {
            PipelineBench.deleteTree(stateDir);
        }
    }

    private static double metric(TopologyTestDriver driver, String name) {
        return driver.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }
}
