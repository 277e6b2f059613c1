package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamgrad.serde.avro.Prediction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/** The learner inside a user's own topology: the bare processor supplier (with its store), own routing. */
class EmbeddingTest {

    @Test
    void theProcessorSupplierBringsItsStoreAndTheUserRoutesTheOutputs() {
        Map<String, Object> props = Fixture.props("embedding", Fixture.REGRESSION_SPEC);
        props.put(StreamgradConfig.NODE_PREFIX_CONFIG, "my-learner-");
        StreamgradLearner learner = StreamgradLearner.create(props);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("user-events", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .filter((k, v) -> k != null, Named.as("keyed-only"))
                .process(learner.processorSupplier(), Named.as("learn"))
                .filter((k, v) -> v instanceof LearnerOutput.Predicted, Named.as("predictions-only"))
                .mapValues(v -> ((LearnerOutput.Predicted) v).prediction(), Named.as("unwrap"))
                .to("user-predictions", Produced.with(Serdes.ByteArray(), learner.valueSerde(Prediction.class)));
        Path dir = Fixture.freshDir("embedding");
        Properties p = StreamgradTopology.streamsProperties(props);
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), p)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("user-events", Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer());
            TestOutputTopic<byte[], Prediction> out = driver.createOutputTopic("user-predictions",
                    Serdes.ByteArray().deserializer(), learner.valueSerde(Prediction.class).deserializer());
            byte[] event = learner.valueSerde(dev.streamgrad.serde.avro.LabeledEvent.class).serializer()
                    .serialize("user-events", Fixture.event(new double[] {0.3, 0.4}, 1.0, "e1"));
            in.pipeInput("sensor-1".getBytes(StandardCharsets.UTF_8), event);
            in.pipeInput("sensor-1".getBytes(StandardCharsets.UTF_8), event);
            in.pipeInput("sensor-2".getBytes(StandardCharsets.UTF_8), event);
            List<Prediction> preds = out.readValuesToList();
            assertEquals(List.of("sensor-1", "sensor-1", "sensor-2"), preds.stream().map(Prediction::getModelId)
                    .toList());
            assertEquals(List.of(0L, 1L, 0L), preds.stream().map(Prediction::getModelVersion).toList());
            assertEquals("e1", preds.get(0).getEventId());
            assertEquals(1, driver.getAllStateStores().keySet().stream()
                    .filter(n -> n.equals("my-learner-models")).count());
        }
    }
}
