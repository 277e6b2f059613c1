package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Label;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.topology.LearnerOutput;
import dev.streamgrad.topology.StreamgradConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The late-label join inside the learner processor (MockProcessorContext, a recorded in-memory model store). */
class LabelJoinTest {
    private static final NetworkSpec SPEC = NetworkSpec.fromJson("{\"input_size\":2,\"layers\":[{\"size\":4,"
            + "\"activation\":\"tanh\"},{\"size\":1,\"activation\":\"identity\"}],\"loss\":\"squared_error\","
            + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.1},\"seed\":5}");
    private static final Serde<LabeledEvent> EVENTS = StreamgradSerdes.singleObject(LabeledEvent.class);
    private static final Serde<Label> LABELS = StreamgradSerdes.singleObject(Label.class);
    private MockProcessorContext<byte[], LearnerOutput> context;
    private KeyValueStore<Bytes, byte[]> kv;
    private final List<KeyValue<Bytes, byte[]>> writes = new ArrayList<>();
    private ModelStateStore store;
    private long offset;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_000L);
        kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("models"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        kv.init(context.getStateStoreContext(), kv);
        store = new ModelStateStore(RecordingStore.of(kv, writes));
        context.addStateStore(store);
    }

    private LearnerProcessor processor(long maxDelayMs, long maxBytes) {
        LearnerSettings settings = new LearnerSettings("models", null, 1, 0, 0, 0, 0, 10, -1, 0,
                ModelStore.DEFAULT_CHUNK_BYTES, 100, Long.MAX_VALUE, 1000);
        ModelFactory factory = new ModelFactory(SPEC, KernelMode.JAVA, null, classifier -> null);
        LearnerProcessor p = new LearnerProcessor(settings, factory, new RecordReader(new LabeledEventDecoder(
                EVENTS.deserializer(), StreamgradConfig.DEFAULT_INPUT_MAX_ABS), new ExampleReader(factory.create())),
                c -> null, new LabelSettings("labels", "in", maxDelayMs, maxBytes, 10),
                new LabelReader((topic, headers, value) -> LABELS.deserializer().deserialize(topic, headers, value),
                        new ExampleReader(factory.create()),
                        StreamgradConfig.DEFAULT_INPUT_MAX_ABS), null);
        p.init(context);
        return p;
    }

    private void event(LearnerProcessor p, String model, String id, long ts) {
        context.setRecordMetadata("in", 0, offset++);
        p.process(new Record<>(model.getBytes(StandardCharsets.UTF_8), EVENTS.serializer().serialize("in",
                LabeledEvent.newBuilder().setFeatures(List.of(0.5, -0.25)).setId(id).build()), ts));
    }

    private void label(LearnerProcessor p, String model, String id, double y, long ts) {
        context.setRecordMetadata("labels", 0, offset++);
        Record<byte[], byte[]> r = new Record<>(model.getBytes(StandardCharsets.UTF_8), LABELS.serializer()
                .serialize("labels", Label.newBuilder().setEventId(id).setTarget(y).build()), ts);
        r.headers().add(LabelJoin.LABEL_HEADER, new byte[0]);
        p.process(r);
    }

    private void labeledEvent(LearnerProcessor p, String model, long sourceOffset, long ts) {
        context.setRecordMetadata("in", 0, sourceOffset);
        p.process(new Record<>(model.getBytes(StandardCharsets.UTF_8), EVENTS.serializer().serialize("in",
                LabeledEvent.newBuilder().setFeatures(List.of(0.1, 0.2)).setTarget(0.5).build()), ts));
    }

    private void labelAt(LearnerProcessor p, String model, String id, long sourceOffset, long ts) {
        offset = sourceOffset;
        label(p, model, id, 0.3, ts);
    }

    private long lastVersion() {
        List<LearnerOutput> out = forwarded();
        for (int i = out.size() - 1; i >= 0; i--) {
            if (out.get(i) instanceof LearnerOutput.Predicted p) {
                return p.prediction().getModelVersion();
            }
        }
        throw new AssertionError("no prediction");
    }

    @Test
    void aLabelsSourceOffsetIsNotComparedWithTheEventsOffsets() {
        LearnerProcessor p = processor(3_600_000, 1 << 20);
        labeledEvent(p, "m", 100, 1);   // learned: the last learned offset of partition 0 of the events is 100
        offset = 101;
        event(p, "m", "e1", 2);
        labelAt(p, "m", "e1", 5, 3);   // offset 5 of partition 0 of the labels topic: a new label, learned
        offset = 102;
        event(p, "m", "x", 4);
        assertEquals(2L, lastVersion());
        p.close();
    }

    @Test
    void aRedeliveredLabelWhoseJoinWasCutFromTheStoreIsNotLearnedTwice() {
        LearnerProcessor p = processor(3_600_000, 1 << 20);
        offset = 0;
        event(p, "m", "e1", 1);
        store.flushCache();
        byte[] heldKey = HeldItem.key("m", "e1");
        byte[] held = kv.get(Bytes.wrap(heldKey));
        labelAt(p, "m", "e1", 7, 2);
        store.flushCache();
        p.close();
        // At-least-once, killed within the commit: the model's log was written, the join's item was not.
        kv.put(Bytes.wrap(heldKey), held);
        forwarded();
        LearnerProcessor q = processor(3_600_000, 1 << 20);
        labelAt(q, "m", "e1", 7, 2);   // redelivered: its offset was not committed
        offset = 1;
        event(q, "m", "x", 3);
        assertEquals(1L, lastVersion(), "learned once: the log knows the label's source offset");
        store.flushCache();
        assertEquals(HeldItem.Kind.JOINED, new HeldItems(kv).all().stream()
                .filter(h -> h.eventId().equals("e1")).findFirst().orElseThrow().kind());
        q.close();
    }

    private List<LearnerOutput> forwarded() {
        List<LearnerOutput> out = new ArrayList<>();
        context.forwarded().forEach(f -> out.add(f.record().value()));
        context.resetForwards();
        return out;
    }

    @Test
    void atACommitTheModelsLogIsWrittenBeforeTheJoinAndTheJoinUsesOnlyItsOwnKeys() {
        LearnerProcessor p = processor(3_600_000, 1 << 20);
        event(p, "m", "e1", 10);
        event(p, "m", "e2", 11);
        store.flushCache();
        assertTrue(writes.stream().anyMatch(w -> w.key.get()[0] == 'H'), "the new model's checkpoint");
        writes.clear();
        label(p, "m", "e1", 0.3, 20);
        store.flushCache();
        List<Byte> kinds = writes.stream().map(w -> w.key.get()[0]).toList();
        int lastModelWrite = Math.max(kinds.lastIndexOf((byte) 'W'), kinds.lastIndexOf((byte) 'H'));
        int firstJoinWrite = kinds.indexOf(HeldItems.PREFIX);
        assertTrue(lastModelWrite >= 0 && firstJoinWrite > lastModelWrite, kinds.toString());
        for (int i = firstJoinWrite; i < kinds.size(); i++) {
            assertEquals(HeldItems.PREFIX, kinds.get(i), "only join keys after the models: " + kinds);
        }
        // e1 is now a joined marker, e2 still held features
        List<HeldItem> items = new HeldItems(kv).all();
        assertEquals(List.of(HeldItem.Kind.JOINED, HeldItem.Kind.FEATURES), items.stream().map(HeldItem::kind)
                .toList());
        p.close();
    }

    @Test
    void aNewProcessorOnTheSameStoreHoldsTheSameItemsAndJoinsWithThem() {
        LearnerProcessor p = processor(3_600_000, 1 << 20);
        event(p, "m", "e1", 10);
        label(p, "m", "early", 0.5, 11);
        store.flushCache();
        List<HeldItem> before = new HeldItems(kv).all();
        p.close();
        forwarded();
        LearnerProcessor q = processor(3_600_000, 1 << 20);   // a restart: init reads the store
        List<HeldItem> after = new HeldItems(kv).all();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).value(), after.get(i).value());
        }
        label(q, "m", "e1", 0.3, 20);
        event(q, "m", "early", 21);
        event(q, "m", "x", 22);
        List<LearnerOutput> out = forwarded();
        LearnerOutput.Predicted last = (LearnerOutput.Predicted) out.get(out.size() - 1);
        assertEquals(2L, last.prediction().getModelVersion(), "both held items joined after the restart");
        q.close();
    }

    @Test
    void labelsForManyUnknownModelsStayWithinTheBudgetInStoreAndMemory() {
        LearnerProcessor p = processor(3_600_000, 10_000);
        for (int i = 0; i < 5_000; i++) {
            label(p, "nobody-" + i, "e", 1.0, i);
        }
        List<LearnerOutput> out = forwarded();
        long expired = out.stream().filter(o -> o instanceof LearnerOutput.DeadLettered d
                && d.deadLetter().getReason() == DeadLetterReason.LABEL_EXPIRED).count();
        assertTrue(expired > 4_800, expired + " labels evicted by the budget");
        store.flushCache();
        List<HeldItem> items = new HeldItems(kv).all();
        assertEquals(5_000 - expired, items.size());
        long bytes = 0;
        for (KeyValue<Bytes, byte[]> w : writes) {
            if (w.value != null && w.key.get().length > 1) {
                bytes += w.key.get().length + w.value.length;
            }
        }
        assertTrue(items.stream().mapToLong(HeldItem::sizeInBytes).sum() <= 10_000);
        assertEquals(items.stream().mapToLong(HeldItem::sizeInBytes).sum(), bytes,
                "the budget counts what the store holds: only the survivors were written at the commit");
        assertTrue(out.stream().noneMatch(o -> o instanceof LearnerOutput.Snapshotted), "no model was created");
        p.close();
    }

    @Test
    void theCountersOfUnknownModelsAreDroppedWithTheirLastWaitingLabel() throws Rejection {
        LabelJoin join = new LabelJoin(new LabelSettings("labels", "in", 100, 1 << 20, 10), new HeldItems(kv),
                new Outputs(context, new DeadLetters(1000)));
        for (int i = 0; i < 1_000; i++) {
            join.advance(i);
            join.label(new LabelReader.Inbound("nobody-" + i, "e", dev.streamgrad.model.Target.of(new double[] {1})),
                    new SourceHeaders("labels", 0, i), i);
        }
        assertTrue(join.countedModels() <= 102, join.countedModels() + " models counted");
        join.metricsOf("loaded");   // a model the task loaded keeps its counters
        join.advance(10_000);
        assertEquals(1, join.countedModels());
        assertEquals(0, join.held().size());
        assertEquals(0, join.bytes());
    }

    @Test
    void aHeldItemExpiresAtTheFirstRecordPastTheDelayAndTheClockIsStored() {
        LearnerProcessor p = processor(100, 1 << 20);
        event(p, "m", "e1", 1000);
        event(p, "m", "e2", 1100);
        assertTrue(forwarded().stream().noneMatch(o -> o instanceof LearnerOutput.DeadLettered));
        event(p, "m", "e3", 1101);
        List<LearnerOutput> out = forwarded();
        LearnerOutput.DeadLettered d = assertInstanceOf(LearnerOutput.DeadLettered.class, out.get(0));
        assertEquals(DeadLetterReason.FEATURES_EXPIRED, d.deadLetter().getReason());
        store.flushCache();
        assertEquals(new HeldItems.Clock(1101, 3), new HeldItems(kv).clock());
        p.close();
        // After a restart the stored stream time (1101) decides, not the first record's timestamp: e4 (500) is
        // past the delay at the next record (600), as it would have been without the restart.
        LearnerProcessor q = processor(100, 1 << 20);
        event(q, "m", "e4", 500);
        assertTrue(forwarded().stream().noneMatch(o -> o instanceof LearnerOutput.DeadLettered));
        event(q, "m", "e5", 600);
        List<LearnerOutput> dead = forwarded().stream().filter(o -> o instanceof LearnerOutput.DeadLettered).toList();
        assertEquals(1, dead.size());
        assertTrue(((LearnerOutput.DeadLettered) dead.get(0)).deadLetter().getMessage().contains("'e4'"));
        q.close();
    }
}
