package dev.streamgrad.topology.integration;

import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A rough measurement (not a test, not JMH) of events/s through the training topology on a real in-process broker:
 * the input is produced first, then the clock runs from the application's start until the last prediction is
 * readable (committed). One model, one partition, one stream thread.
 * Run: {@code java -cp <test classpath> dev.streamgrad.topology.integration.BrokerThroughput}.
 */
public final class BrokerThroughput {
    private BrokerThroughput() {
    }

    public static void main(String[] args) throws Exception {
        try (Broker broker = new Broker()) {
            int run = 0;
            for (String guarantee : List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2)) {
                for (int batch : new int[] {1, 32}) {
                    measure(broker, "r" + run++, guarantee, batch, 8, 16, 1, 100_000);
                    measure(broker, "r" + run++, guarantee, batch, 784, 256, 10, 4_000);
                }
            }
        }
    }

    static void measure(Broker broker, String run, String guarantee, int batch, int d, int h, int k, int n)
            throws Exception {
        String spec = "{\"input_size\":" + d + ",\"layers\":[{\"size\":" + h + ",\"activation\":\"tanh\"},{\"size\":"
                + k + ",\"activation\":\"" + (k == 1 ? "identity" : "softmax") + "\"}],\"loss\":\""
                + (k == 1 ? "squared_error" : "cross_entropy") + "\",\"optimizer\":{\"type\":\"sgd\","
                + "\"learning_rate\":0.01},\"seed\":1}";
        Serde<LabeledEvent> events = StreamgradSerdes.singleObject(LabeledEvent.class);
        broker.createTopics(1, Map.of(), "in-" + run, "out-" + run);
        broker.createTopics(1, Map.of("max.message.bytes", String.valueOf(16 << 20)), "snap-" + run);
        SplittableRandom rnd = new SplittableRandom(1);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            List<Double> f = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                f.add(rnd.nextDouble());
            }
            values.add(events.serializer().serialize("in", LabeledEvent.newBuilder().setFeatures(f)
                    .setTarget(k == 1 ? (Object) rnd.nextDouble() : (Object) rnd.nextInt(k)).build()));
        }
        try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
            byte[] key = "m".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>("in-" + run, key, values.get(i % values.size())));
            }
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + run);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(Path.of("target", "bench", run + "-" + System.nanoTime())).toString());
        props.put(StreamgradConfig.INPUT_TOPIC_CONFIG, "in-" + run);
        props.put(StreamgradConfig.PREDICTIONS_TOPIC_CONFIG, "out-" + run);
        props.put(StreamgradConfig.SNAPSHOTS_TOPIC_CONFIG, "snap-" + run);
        props.put(StreamgradConfig.MODEL_SPEC_CONFIG, spec);
        props.put(StreamgradConfig.BATCH_SIZE_CONFIG, batch);
        props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 0L);
        props.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, 0L);
        long t0 = System.nanoTime();
        double checkpoints;
        try (KafkaStreams app = new KafkaStreams(StreamgradTopology.training(props),
                StreamgradTopology.streamsProperties(props))) {
            app.start();
            broker.readUntil("out-" + run, l -> l.size() >= n, Duration.ofMinutes(5));
            checkpoints = app.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("checkpoints-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("BENCH %s, %d-%d-%d, batch %d: %d events in %.1f s (with start-up) = %.0f events/s, "
                + "%.0f checkpoints%n", guarantee, d, h, k, batch, n, s, n / s, checkpoints);
    }
}
