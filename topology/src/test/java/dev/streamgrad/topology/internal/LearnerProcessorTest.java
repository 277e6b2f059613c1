package dev.streamgrad.topology.internal;

import dev.streamgrad.topology.StreamgradConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.topology.LearnerOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The learner processor alone, with Kafka's MockProcessorContext and a real (in-memory) model store. */
class LearnerProcessorTest {
    private static final NetworkSpec SPEC = NetworkSpec.fromJson("{\"input_size\":2,\"layers\":[{\"size\":4,"
            + "\"activation\":\"tanh\"},{\"size\":1,\"activation\":\"identity\"}],\"loss\":\"squared_error\","
            + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.1},\"seed\":5}");
    private static final Serde<LabeledEvent> EVENTS = StreamgradSerdes.singleObject(LabeledEvent.class);
    private MockProcessorContext<byte[], LearnerOutput> context;
    private ModelStateStore store;
    private long offset;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_000L);
        store = new ModelStoreBuilder(Stores.inMemoryKeyValueStore("models")).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private LearnerProcessor processor(int batchSize, int cacheModels) {
        LearnerSettings settings = new LearnerSettings("models", null, batchSize, 0, 0, 0, 0, 10, -1, 0,
                ModelStore.DEFAULT_CHUNK_BYTES, cacheModels, Long.MAX_VALUE, 1000);
        ModelFactory factory = new ModelFactory(SPEC, KernelMode.JAVA, null, classifier -> null);
        LearnerProcessor p = new LearnerProcessor(settings, factory, new RecordReader(
                new LabeledEventDecoder(EVENTS.deserializer(), StreamgradConfig.DEFAULT_INPUT_MAX_ABS), new ExampleReader(factory.create())), c -> null);
        p.init(context);
        return p;
    }

    private void send(LearnerProcessor p, String key, double[] x, Double y) {
        context.setRecordMetadata("in", 0, offset++);
        byte[] value = EVENTS.serializer().serialize("in", LabeledEvent.newBuilder()
                .setFeatures(List.of(x[0], x[1])).setTarget(y).build());
        p.process(new Record<>(key.getBytes(StandardCharsets.UTF_8), value, offset));
    }

    private List<LearnerOutput> forwarded() {
        List<LearnerOutput> out = new ArrayList<>();
        context.forwarded().forEach(f -> out.add(f.record().value()));
        context.resetForwards();
        return out;
    }

    private List<KeyValue<Bytes, byte[]>> stored() {
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.kv().all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    @Test
    void predictsBeforeLearningAndWritesTheStoreOnlyAtTheCommit() {
        LearnerProcessor p = processor(1, 10);
        send(p, "m", new double[] {0.1, 0.2}, 0.5);
        send(p, "m", new double[] {0.1, 0.2}, null);
        List<LearnerOutput> out = forwarded();
        assertInstanceOf(LearnerOutput.Snapshotted.class, out.get(0), "a new model's first snapshot");
        LearnerOutput.Predicted first = assertInstanceOf(LearnerOutput.Predicted.class, out.get(1));
        LearnerOutput.Predicted second = assertInstanceOf(LearnerOutput.Predicted.class, out.get(2));
        assertEquals(0L, first.prediction().getModelVersion());
        assertTrue(first.prediction().getLoss() != null);
        assertEquals(1L, second.prediction().getModelVersion());
        assertEquals(List.of(), stored(), "nothing is written per event");
        store.flushCache();   // what the task does at a commit, before the offsets
        assertTrue(stored().stream().anyMatch(kv -> kv.key.get()[0] == 'H'), "a checkpoint at the commit");
    }

    @Test
    void aBadRecordIsDeadLetteredAndLeavesNoState() {
        LearnerProcessor p = processor(1, 10);
        send(p, "m", new double[] {0.1, Double.NaN}, 0.5);
        context.setRecordMetadata("in", 0, offset++);
        p.process(new Record<>(new byte[] {(byte) 0xC3}, new byte[] {1}, 0L));
        List<LearnerOutput> out = forwarded();
        assertEquals(List.of(DeadLetterReason.NON_FINITE_VALUE, DeadLetterReason.INVALID_RECORD), out.stream()
                .map(o -> ((LearnerOutput.DeadLettered) o).deadLetter().getReason()).toList());
        store.flushCache();
        assertEquals(List.of(), stored());
    }

    @Test
    void anEvictedModelIsWrittenBeforeItIsDroppedAndReloadsWhereItWas() {
        LearnerProcessor p = processor(3, 1);
        send(p, "a", new double[] {0.1, 0.2}, 0.5);
        send(p, "a", new double[] {0.3, 0.2}, 0.1);   // a pending batch of 2
        assertEquals(List.of(), stored());
        send(p, "b", new double[] {0.1, 0.2}, 0.5);   // evicts a: written now, before any commit
        assertTrue(stored().stream().anyMatch(kv -> kv.key.get()[0] == 'W'), "a's pending batch is in its log");
        forwarded();
        send(p, "a", new double[] {0.5, 0.5}, 0.2);   // reloaded: the batch of 3 is full now
        send(p, "a", new double[] {0.5, 0.5}, null);
        List<LearnerOutput> out = forwarded();
        assertEquals(1L, ((LearnerOutput.Predicted) out.get(out.size() - 1)).prediction().getModelVersion());
    }
}
