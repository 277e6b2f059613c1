package dev.streamgrad.topology.internal;

import dev.streamgrad.topology.StreamgradConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import dev.streamgrad.topology.LearnerOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The scorer alone, with Kafka's MockProcessorContext and an in-memory snapshot store. */
class ScoringProcessorTest {
    private static final NetworkSpec SPEC = NetworkSpec.fromJson("{\"input_size\":2,\"layers\":[{\"size\":4,"
            + "\"activation\":\"tanh\"},{\"size\":3,\"activation\":\"softmax\"}],\"loss\":\"cross_entropy\","
            + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.1},\"seed\":5}");
    private static final Serde<LabeledEvent> EVENTS = StreamgradSerdes.singleObject(LabeledEvent.class);
    private static final Serde<WeightSnapshot> SNAPSHOTS = StreamgradSerdes.singleObject(WeightSnapshot.class);

    @Test
    void scoresWithTheLatestSnapshotAndDeadLettersUnknownModels() {
        MockProcessorContext<byte[], LearnerOutput> context = new MockProcessorContext<>();
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("snaps"),
                org.apache.kafka.common.serialization.Serdes.Bytes(),
                org.apache.kafka.common.serialization.Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        ModelFactory factory = new ModelFactory(SPEC, KernelMode.JAVA, null, classifier -> null);
        ScoringProcessor scorer = new ScoringProcessor(factory,
                new LabeledEventDecoder(EVENTS.deserializer(), StreamgradConfig.DEFAULT_INPUT_MAX_ABS),
                c -> new SnapshotLookup("snaps", c.getStateStore("snaps"), SNAPSHOTS.deserializer()), null, null,
                new DeadLetters(1000));
        scorer.init(context);
        byte[] event = EVENTS.serializer().serialize("in", LabeledEvent.newBuilder().setFeatures(List.of(0.5, -1.0))
                .build());
        context.setRecordMetadata("in", 0, 0L);
        scorer.process(new Record<>("m".getBytes(StandardCharsets.UTF_8), event, 1L));
        LearnerOutput.DeadLettered none = (LearnerOutput.DeadLettered) context.forwarded().get(0).record().value();
        assertEquals(DeadLetterReason.OTHER, none.deadLetter().getReason());

        Model trained = Model.create(SPEC, new JavaKernels());
        for (int i = 0; i < 5; i++) {
            trained.learn(new double[] {0.5, -1.0}, 2, new double[3]);
        }
        store.put(Bytes.wrap("m".getBytes(StandardCharsets.UTF_8)), SNAPSHOTS.serializer().serialize("snaps",
                WeightSnapshots.fromModelState("m", Instant.EPOCH, trained.state(), Map.of())));
        context.resetForwards();
        scorer.process(new Record<>("m".getBytes(StandardCharsets.UTF_8), event, 2L));
        Prediction p = ((LearnerOutput.Predicted) context.forwarded().get(0).record().value()).prediction();
        double[] expected = new double[3];
        trained.predict(new double[] {0.5, -1.0}, expected);
        assertEquals(List.of(expected[0], expected[1], expected[2]), p.getOutput());
        assertEquals(5L, p.getModelVersion());
        assertEquals(trained.predictedClass(expected), p.getPredictedClass());
    }
}
