package dev.streamgrad.topology.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradTopology;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two application instances share the input topic's partitions; one is stopped mid-stream and its models move to
 * the other (restored from the changelog), with nothing lost and nothing learned twice.
 */
@Tag("integration")
class FailoverIT {
    static Broker broker;
    static final Serde<WeightSnapshot> SNAPSHOTS = StreamgradSerdes.singleObject(WeightSnapshot.class);

    @BeforeAll
    static void start() throws Exception {
        broker = new Broker();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    private static Properties props(Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "failover");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamgradConfig.INPUT_TOPIC_CONFIG, "events");
        p.put(StreamgradConfig.MODEL_SPEC_CONFIG, Workload.SPEC);
        p.put(StreamgradConfig.KERNELS_CONFIG, "java");
        p.put(StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, "64");
        p.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, "1000");
        p.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, "0");
        p.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, "0");
        return p;
    }

    private static KafkaStreams startApp(Path stateDir) {
        Properties p = props(stateDir);
        KafkaStreams s = new KafkaStreams(StreamgradTopology.training(p), StreamgradTopology.streamsProperties(p));
        s.start();
        return s;
    }

    private static String keyInPartition(int partition) {
        for (int i = 0; ; i++) {
            String k = "m" + i;
            if (Utils.toPositive(Utils.murmur2(k.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
                return k;
            }
        }
    }

    private static boolean holdsATask(KafkaStreams app) {
        return app.state() == KafkaStreams.State.RUNNING && app.metadataForLocalThreads().stream()
                .mapToInt(t -> t.activeTasks().size()).sum() > 0;
    }

    @Test
    void modelsMoveToTheRemainingInstanceWithoutLoss() throws Exception {
        Workload work = new Workload(List.of(keyInPartition(0), keyInPartition(1)), 1000, 7);
        broker.createTopics(2, Map.of(), "events");
        Path dir = Files.createDirectories(Path.of("target", "it", "failover-" + System.nanoTime()));
        int half = work.total() / 2;
        KafkaStreams one = startApp(dir.resolve("one"));
        KafkaStreams two = startApp(dir.resolve("two"));
        try {
            // Both instances hold a task (one model each) before any event arrives: otherwise the first to start may
            // process the whole first half before the second one joins.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(holdsATask(one) && holdsATask(two))) {
                assertTrue(System.nanoTime() < deadline, "the two instances did not share the two partitions");
                Thread.sleep(100);
            }
            try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
                for (ProducerRecord<byte[], byte[]> r : work.records.subList(0, half)) {
                    p.send(new ProducerRecord<>("events", r.key(), r.value()));
                }
            }
            broker.readUntil("streamgrad-predictions", l -> l.size() >= half, Duration.ofSeconds(60));
            assertTrue(holdsATask(one) && holdsATask(two), "both instances still hold a task");
            // Stop one instance, leaving the group at once (the default close waits for the session timeout).
            one.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
                for (ProducerRecord<byte[], byte[]> r : work.records.subList(half, work.total())) {
                    p.send(new ProducerRecord<>("events", r.key(), r.value()));
                }
            }
            List<ConsumerRecord<byte[], byte[]>> snaps = broker.readUntil("streamgrad-snapshots", l -> l.stream()
                    .filter(r -> SNAPSHOTS.deserializer().deserialize("s", r.value()).getVersion() == 1000)
                    .count() >= 2, Duration.ofSeconds(60));
            Map<String, byte[]> expected = work.reference(1);
            int compared = 0;
            for (ConsumerRecord<byte[], byte[]> r : snaps) {
                WeightSnapshot s = SNAPSHOTS.deserializer().deserialize("s", r.value());
                if (s.getVersion() == 1000) {
                    assertArrayEquals(expected.get(s.getModelId()),
                            ModelStateCodec.toBytes(WeightSnapshots.toModelState(s)), s.getModelId());
                    compared++;
                }
            }
            assertEquals(2, compared);
            assertEquals(work.total(), broker.readUntil("streamgrad-predictions", l -> l.size() >= work.total(),
                    Duration.ofSeconds(30)).size());
        } finally {
            one.close(Duration.ofSeconds(30));
            two.close(Duration.ofSeconds(30));
        }
    }
}
