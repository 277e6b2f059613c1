package dev.streamgrad.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
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
 * A poison pill on a broker with default limits: a value just under the broker's 1 MB record limit is accepted by
 * the broker, and its dead letter must not stop the application. With the default bound the dead letter fits; with
 * the bound lifted the dead letter would be too large for the producer (under exactly-once a refused record aborts
 * the transaction and stops the client, whatever the production exception handler says), so the router sends it
 * without its copy of the original bytes. In both cases the next event is learned.
 */
@Tag("integration")
class DeadLetterBoundIT {
    static Broker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new Broker();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    private static Properties props(String app, String topic) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(Path.of("target", "it", app + "-" + System.nanoTime())).toString());
        props.put(StreamgradConfig.INPUT_TOPIC_CONFIG, topic);
        props.put(StreamgradConfig.PREDICTIONS_TOPIC_CONFIG, app + "-predictions");
        props.put(StreamgradConfig.DEAD_LETTER_TOPIC_CONFIG, app + "-dead-letters");
        props.put(StreamgradConfig.SNAPSHOTS_TOPIC_CONFIG, app + "-snapshots");
        props.put(StreamgradConfig.MODEL_SPEC_CONFIG, Workload.SPEC);
        props.put(StreamgradConfig.KERNELS_CONFIG, "java");
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, "0");
        return props;
    }

    private static void produce(String topic) throws Exception {
        byte[] poison = new byte[1_048_470];
        new SplittableRandom(3).nextBytes(poison);
        byte[] good = Workload.EVENTS.serializer().serialize(topic, LabeledEvent.newBuilder()
                .setFeatures(List.of(0.1, 0.2, 0.3, 0.4)).setTarget(0.5).build());
        try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
            p.send(new ProducerRecord<>(topic, "m".getBytes(StandardCharsets.UTF_8), poison)).get();
            p.send(new ProducerRecord<>(topic, "m".getBytes(StandardCharsets.UTF_8), good)).get();
        }
    }

    @Test
    void aOneMegabyteValueIsDeadLetteredAndProcessingGoesOn() throws Exception {
        broker.createTopics(1, Map.of(), "poison");
        produce("poison");
        Properties props = props("bounded", "poison");
        try (KafkaStreams app = new KafkaStreams(StreamgradTopology.training(props),
                StreamgradTopology.streamsProperties(props))) {
            app.start();
            broker.readUntil("bounded-predictions", l -> l.size() >= 1, Duration.ofSeconds(90));
            List<ConsumerRecord<byte[], byte[]>> dl = broker.readUntil("bounded-dead-letters", l -> l.size() >= 1,
                    Duration.ofSeconds(30));
            DeadLetter d = StreamgradSerdes.singleObject(DeadLetter.class).deserializer()
                    .deserialize("bounded-dead-letters", dl.get(0).value());
            assertTrue(List.of(DeadLetterReason.WRONG_MAGIC_BYTE, DeadLetterReason.MALFORMED_BYTES)
                    .contains(d.getReason()), "random bytes do not decode: " + d.getReason());
            assertTrue(d.getTruncated(), d.toString().substring(0, 200));
            assertEquals(1_048_470, d.getValueSize());
            assertTrue(dl.get(0).value().length < 1_000_000, "the dead letter fits: " + dl.get(0).value().length);
            assertEquals(KafkaStreams.State.RUNNING, app.state());
        }
    }

    @Test
    void aDeadLetterTooLargeToProduceIsSentWithoutItsCopyAndProcessingGoesOn() throws Exception {
        broker.createTopics(1, Map.of(), "poison2");
        produce("poison2");
        Properties props = props("unbounded", "poison2");
        props.put(StreamgradConfig.DEAD_LETTER_MAX_BYTES_CONFIG, String.valueOf(4 << 20));   // no bound
        try (KafkaStreams app = new KafkaStreams(StreamgradTopology.training(props),
                StreamgradTopology.streamsProperties(props))) {
            app.start();
            List<ConsumerRecord<byte[], byte[]>> p = broker.readUntil("unbounded-predictions", l -> l.size() >= 1,
                    Duration.ofSeconds(90));
            assertEquals(1, p.size(), "the good event after the poison pill was processed");
            List<ConsumerRecord<byte[], byte[]>> dl = broker.readUntil("unbounded-dead-letters", l -> l.size() >= 1,
                    Duration.ofSeconds(30));
            DeadLetter d = StreamgradSerdes.singleObject(DeadLetter.class).deserializer()
                    .deserialize("unbounded-dead-letters", dl.get(0).value());
            assertTrue(d.getTruncated());
            assertEquals(null, d.getValue(), "sent without its copy");
            assertEquals(1_048_470, d.getValueSize());
            assertEquals(KafkaStreams.State.RUNNING, app.state());
        }
    }
}
