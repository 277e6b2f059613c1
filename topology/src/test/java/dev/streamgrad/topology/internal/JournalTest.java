package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.LabeledExample;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The write-ahead log and checkpoint policy over a real in-memory store whose writes are recorded in order (what the
 * changelog receives). Events are learned by a per-event {@link Trainer}, the Journal's caller.
 */
class JournalTest {
    private static final NetworkSpec SPEC = NetworkSpec.fromJson("{\"input_size\":2,\"layers\":[{\"size\":4,"
            + "\"activation\":\"tanh\"},{\"size\":1,\"activation\":\"identity\"}],\"loss\":\"squared_error\","
            + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.05},\"seed\":5}");

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final LearnerSensors sensors = new LearnerSensors(context, "models");
    private final List<KeyValue<Bytes, byte[]>> writes = new ArrayList<>();
    private final ModelStore store;
    private long offset;

    JournalTest() {
        KeyValueStore<Bytes, byte[]> kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("models"),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
        kv.init(context.getStateStoreContext(), kv);
        store = new ModelStore(RecordingStore.of(kv, writes), ModelStore.DEFAULT_CHUNK_BYTES);
    }

    private static LiveModel live(String id) {
        return new LiveModel(id, Model.create(SPEC), new RunningMetrics(16), true);
    }

    private WalEntry next() {
        long o = offset++;
        return WalEntry.of(0, o, o, LabeledExample.of(new double[] {Math.sin(o), Math.cos(o)},
                Target.of(0.1 * Math.sin(3 * o))));
    }

    private void learn(Trainer trainer, LiveModel live, int n) throws Rejection {
        for (int i = 0; i < n; i++) {
            trainer.learn(live, next(), null, new double[1], new ArrayList<>());
        }
    }

    /** @return the writes since {@code from}: key kind (W log, C chunk, H header) and + for a put, - for a delete */
    private List<String> writesSince(int from) {
        List<String> kinds = new ArrayList<>();
        for (KeyValue<Bytes, byte[]> w : writes.subList(from, writes.size())) {
            kinds.add((char) w.key.get()[0] + (w.value == null ? "-" : "+"));
        }
        return kinds;
    }

    private List<Long> loggedSeqs(String id) {
        List<Long> seqs = new ArrayList<>();
        store.logFrom(id, 0).forEach(kv -> seqs.add(kv.key));
        return seqs;
    }

    @Test
    void entriesAreWrittenAtPersistInSequenceOrderAndNotBefore() throws Rejection {
        Journal journal = new Journal(store, 100, sensors);
        Trainer trainer = new Trainer(1, 0, journal, sensors);
        LiveModel live = live("m");
        learn(trainer, live, 5);
        assertTrue(writes.isEmpty(), "nothing is written before the commit");
        journal.persistAll();
        assertEquals(List.of("W+"), writesSince(0), "one log segment");
        List<KeyValue<Long, WalEntry>> log = store.logFrom("m", 0);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), loggedSeqs("m"));
        for (int i = 0; i < 5; i++) {
            assertEquals(i, log.get(i).value.offset(), "entry " + i + " in order");
        }
        assertNull(store.readCheckpoint("m"), "K=100 not reached: no checkpoint");
        learn(trainer, live, 2);
        journal.persistAll();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), loggedSeqs("m"), "the next entries continue the log");
        assertTrue(live.log.unlogged.isEmpty());
    }

    @Test
    void aModelWithoutNewsWritesNothing() throws Rejection {
        Journal journal = new Journal(store, 100, sensors);
        Trainer trainer = new Trainer(1, 0, journal, sensors);
        LiveModel a = live("a");
        LiveModel b = live("b");
        learn(trainer, a, 2);
        learn(trainer, b, 1);
        journal.persistAll();
        int after = writes.size();
        assertEquals(2, after, "one segment per model");
        journal.persistAll();
        journal.persist(a);
        assertEquals(after, writes.size(), "no news: no write");
        learn(trainer, b, 1);
        journal.persistAll();
        assertEquals(List.of("W+"), writesSince(after), "only b, which has news");
        assertEquals(List.of(0L, 1L), loggedSeqs("b"));
        assertEquals(List.of(0L, 1L), loggedSeqs("a"));
    }

    @Test
    void aCheckpointIsWrittenAfterKEventsAndTheLogItCoversIsDeletedAfterIt() throws Rejection {
        Journal journal = new Journal(store, 3, sensors);
        Trainer trainer = new Trainer(1, 0, journal, sensors);
        LiveModel live = live("m");
        learn(trainer, live, 2);
        journal.persistAll();
        assertNull(store.readCheckpoint("m"));
        int before = writes.size();
        learn(trainer, live, 1);
        journal.persistAll();
        assertEquals(List.of("C+", "H+", "W-"), writesSince(before),
                "the chunks, the header that switches to them, then the covered log (the covered entry is not logged)");
        ModelStore.Checkpoint cp = store.readCheckpoint("m");
        assertEquals(2L, cp.coveredSeq());
        assertArrayEquals(ModelFactory.toBytes(live.model), cp.state());
        assertEquals(Map.of(0, 2L), cp.lastOffsets());
        assertTrue(loggedSeqs("m").isEmpty());
        assertEquals(0, live.log.eventsSinceCheckpoint);
        learn(trainer, live, 2);
        journal.persistAll();
        assertEquals(List.of(3L, 4L), loggedSeqs("m"), "the log goes on after the checkpoint");
        assertEquals(0, store.readCheckpoint("m").number(), "K not reached again");
    }

    @Test
    void automaticKCheckpointsOnceTheLogIsAsLargeAsTheModel() throws Rejection {
        Journal journal = new Journal(store, -1, sensors);
        Trainer trainer = new Trainer(1, 0, journal, sensors);
        LiveModel live = live("m");
        learn(trainer, live, 1);
        journal.persistAll();
        assertEquals(0, store.readCheckpoint("m").number(), "no checkpoint yet: the first write is one");
        int stateBytes = ModelFactory.toBytes(live.model).length;
        int entryBytes = next().sizeInBytes();
        offset--;
        int due = (stateBytes + entryBytes - 1) / entryBytes;   // events whose log reaches the model's size
        for (int i = 1; i < due; i++) {
            learn(trainer, live, 1);
            journal.persistAll();
            assertEquals(0, store.readCheckpoint("m").number(), "log of " + i * entryBytes + " < " + stateBytes);
        }
        assertEquals(due - 1, loggedSeqs("m").size());
        learn(trainer, live, 1);
        journal.persistAll();
        ModelStore.Checkpoint cp = store.readCheckpoint("m");
        assertEquals(1, cp.number(), "log of " + due * entryBytes + " >= " + stateBytes);
        assertEquals(due, cp.coveredSeq());
        assertTrue(loggedSeqs("m").isEmpty(), "the covered log is deleted");
    }

    @Test
    void aCheckpointWithAPendingBatchCoversTheAppliedEventsAndLogsTheBatchFirst() throws Rejection {
        Journal journal = new Journal(store, 100, sensors);
        Trainer trainer = new Trainer(3, 0, journal, sensors);
        LiveModel live = live("m");
        learn(trainer, live, 5);   // a batch of 3 applied, 2 pending
        journal.requestCheckpoint(live);
        journal.persistAll();
        assertEquals(List.of("W+", "C+", "H+"), writesSince(0), "the pending entries before the checkpoint");
        ModelStore.Checkpoint cp = store.readCheckpoint("m");
        assertEquals(2L, cp.coveredSeq(), "the pending batch is not in the model");
        assertEquals(List.of(3L, 4L), loggedSeqs("m"));
        assertEquals(2, live.log.eventsSinceCheckpoint);
        assertEquals(Journal.bytes(live.batch.entries()), live.log.loggedBytes);
    }

    @Test
    void aRequestedCheckpointIsWrittenWithoutNewEntriesAndPersistWritesOnlyThatModel() throws Rejection {
        Journal journal = new Journal(store, 100, sensors);
        Trainer trainer = new Trainer(1, 0, journal, sensors);
        LiveModel a = live("a");
        LiveModel b = live("b");
        learn(trainer, a, 1);
        learn(trainer, b, 1);
        journal.persist(a);   // a leaves the cache: its news only
        assertEquals(List.of(0L), loggedSeqs("a"));
        assertTrue(loggedSeqs("b").isEmpty());
        int before = writes.size();
        journal.requestCheckpoint(a);
        journal.persist(a);
        assertEquals(List.of("C+", "H+", "W-"), writesSince(before));
        assertEquals(0L, store.readCheckpoint("a").coveredSeq());
        journal.clear();   // a dirty close: b's unwritten entry is dropped
        journal.persistAll();
        assertTrue(loggedSeqs("b").isEmpty());
    }
}
