package dev.streamgrad.bench;

import dev.streamgrad.serde.DoubleLists;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradLearner;
import dev.streamgrad.topology.StreamgradTopology;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The platform's own ceiling for {@link DeploymentBench}: a plain Kafka Streams application that does what the
 * learning topology does per event minus the model. It reads the same configuration file as {@code streamgrad run}
 * (same topics, guarantee, wire format and serdes, built the same way by {@link StreamgradLearner#valueSerde}),
 * decodes each {@code LabeledEvent} and its features into a {@code double[]}, encodes a {@code Prediction} of the
 * model's output size (the first features stand in for the output) and produces it to the predictions topic,
 * keyed by the model id. No store, no model. Runs until SIGTERM.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.streamgrad.bench.PassthroughApp app.properties}
 */
public final class PassthroughApp {
    private PassthroughApp() {
    }

    public static void main(String[] args) throws Exception {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            file.load(in);
        }
        Map<String, Object> props = new HashMap<>();
        file.forEach((k, v) -> props.put(k.toString(), v));
        KafkaStreams streams = new KafkaStreams(topology(props), StreamgradTopology.streamsProperties(props));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }));
        streams.start();
        stopped.await();
    }

    /**
     * @param props the application's configuration (streamgrad keys and Kafka Streams keys); not modified
     * @return the passthrough topology
     */
    static Topology topology(Map<String, Object> props) {
        StreamgradLearner learner = StreamgradLearner.create(props);
        StreamgradConfig config = learner.config();
        Deserializer<LabeledEvent> events = learner.valueSerde(LabeledEvent.class).deserializer();
        Serializer<Prediction> predictions = learner.valueSerde(Prediction.class).serializer();
        int outputs = config.networkSpec().outputSize();
        StreamsBuilder builder = new StreamsBuilder();
        String in = config.inputTopic();
        String out = config.predictionsTopic();
        builder.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues((key, value) -> {
                    LabeledEvent event = events.deserialize(in, value);
                    double[] x = DoubleLists.toArray(event.getFeatures());
                    double[] y = Arrays.copyOf(x, outputs);
                    Prediction p = Prediction.newBuilder()
                            .setModelId(new String(key, StandardCharsets.UTF_8))
                            .setModelVersion(0L)
                            .setOutput(DoubleLists.of(y))   // as the learner builds it
                            .setPredictedClass(outputs > 1 ? 0 : null)
                            .setLoss(event.getTarget() == null ? null : 0.0)
                            .setEventId(event.getId())
                            .setEventTime(event.getEventTime())
                            .build();
                    return predictions.serialize(out, p);
                })
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }
}
