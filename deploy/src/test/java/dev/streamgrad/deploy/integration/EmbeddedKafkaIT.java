package dev.streamgrad.deploy.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.streamgrad.deploy.broker.EmbeddedKafka;
import dev.streamgrad.deploy.broker.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo's broker, for real: start, create a plain and a compacted snapshot topic, produce and consume
 * (including one record over the broker's default 1 MB limit on the snapshot topic), close, data gone.
 */
@Tag("integration")
class EmbeddedKafkaIT {

    @Test
    void startsServesTopicsAndCleansUp() throws Exception {
        Path dataDir;
        byte[] bigSnapshot = new byte[1_500_000];
        Arrays.fill(bigSnapshot, (byte) 7);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            dataDir = kafka.dataDir();
            assertTrue(Files.isDirectory(dataDir));
            assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"));

            kafka.createTopics(List.of(Topics.plain("events", 2),
                    Topics.compactedSnapshots("snapshots", 1, 8 * 1024 * 1024)));
            kafka.createTopics(List.of(Topics.plain("events", 2)));          // existing topics are left alone

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                ConfigResource snapshots = new ConfigResource(ConfigResource.Type.TOPIC, "snapshots");
                Config config = admin.describeConfigs(List.of(snapshots)).all().get().get(snapshots);
                assertEquals("compact", config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
                assertEquals(Integer.toString(8 * 1024 * 1024), config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
                assertEquals(2, admin.describeTopics(List.of("events")).allTopicNames().get().get("events")
                        .partitions().size());
            }

            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps,
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("events", key("k" + i), key("v" + i))).get();
                }
                producer.send(new ProducerRecord<>("snapshots", key("model-1"), bigSnapshot)).get();
            }

            assertEquals(List.of("v0", "v1", "v2"), consume(kafka, "events", 3).stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8)).sorted().toList());
            List<ConsumerRecord<byte[], byte[]>> snapshots = consume(kafka, "snapshots", 1);
            assertEquals("model-1", new String(snapshots.get(0).key(), StandardCharsets.UTF_8));
            assertArrayEquals(bigSnapshot, snapshots.get(0).value());
        }
        assertFalse(Files.exists(dataDir), "data directory deleted on close");
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(EmbeddedKafka kafka, String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(count, records.size(), "records consumed from " + topic);
        return records;
    }
}
