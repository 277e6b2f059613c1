package dev.streamgrad.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The model store is written once per commit, not per event: many events inside one commit interval give one
 * checkpoint (one serialisation, two changelog records: a chunk and its header), whatever K is.
 */
@Tag("integration")
class ChangelogWritesIT {
    static Broker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new Broker();
        broker.createTopics(1, Map.of(), "events");
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    @Test
    void manyEventsInOneCommitIntervalWriteOneCheckpoint() throws Exception {
        Workload work = new Workload(List.of("m"), 2000, 9);
        try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
            for (ProducerRecord<byte[], byte[]> r : work.records) {
                p.send(new ProducerRecord<>("events", r.key(), r.value()));
            }
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "writes");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "600000");   // one commit interval: the whole run
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(Path.of("target", "it", "writes-" + System.nanoTime())).toString());
        props.put(StreamgradConfig.INPUT_TOPIC_CONFIG, "events");
        props.put(StreamgradConfig.MODEL_SPEC_CONFIG, Workload.SPEC);
        props.put(StreamgradConfig.KERNELS_CONFIG, "java");
        props.put(StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, "100");
        props.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, "0");
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, "0");
        double serialisations;
        KafkaStreams app = new KafkaStreams(StreamgradTopology.training(props),
                StreamgradTopology.streamsProperties(props));
        try {
            app.start();
            broker.readUntil("streamgrad-predictions", l -> l.size() >= 2000, Duration.ofSeconds(60));
            serialisations = app.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("checkpoints-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        } finally {
            app.close(Duration.ofSeconds(30));   // the one commit: the models are written to the store
        }
        // K = 100 events have passed many times over, but the store is written only when the task commits: one
        // serialisation, at the one commit (at close), covering all 2000 events, and no log entry.
        // (The metric is read while the app runs: after close it is gone.)
        assertEquals(0, serialisations, "2000 events learned, no commit yet: no serialisation");
        List<ConsumerRecord<byte[], byte[]>> changelog = broker.readAll("writes-streamgrad-models-changelog");
        long headers = changelog.stream().filter(r -> r.key()[0] == 'H').count();
        long chunks = changelog.stream().filter(r -> r.key()[0] == 'C' && r.value() != null).count();
        long logSegments = changelog.stream().filter(r -> r.key()[0] == 'W' && r.value() != null).count();
        assertEquals(1, headers, "one checkpoint (one serialisation) reached the changelog, at the commit");
        assertEquals(1, chunks, "a 2.7 KB model: one chunk");
        assertEquals(0, logSegments, "the checkpoint covers every event: no log segment written");
        assertEquals(2, changelog.size(), "changelog records: " + changelog.size());
    }
}
