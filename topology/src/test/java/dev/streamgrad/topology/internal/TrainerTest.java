package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.LabeledExample;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.NonFiniteUpdateException;
import dev.streamgrad.model.Target;
import dev.streamgrad.model.drift.DriftAction;
import dev.streamgrad.model.drift.DriftSignal;
import dev.streamgrad.model.drift.DriftSpec;
import dev.streamgrad.model.drift.PageHinkleySpec;
import dev.streamgrad.serde.avro.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The learn step alone: per event, micro-batches, micro-batch isolation, replay and drift feeding. */
class TrainerTest {
    private static final NetworkSpec SPEC = NetworkSpec.fromJson("{\"input_size\":2,\"layers\":[{\"size\":8,"
            + "\"activation\":\"tanh\"},{\"size\":1,\"activation\":\"identity\"}],\"loss\":\"squared_error\","
            + "\"optimizer\":{\"type\":\"adam\",\"learning_rate\":0.01},\"seed\":3}");
    /** Row 1 makes every update non-finite (its own, and a batch's holding it). */
    private static final double[][] BATCH_X = {{0.1, 0.2}, {1e300, 1e300}, {0.3, -0.2}, {-0.5, 0.4}};
    private static final double[] BATCH_Y = {0.5, 1e300, -0.1, 0.2};

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final LearnerSensors sensors = new LearnerSensors(context, "models");

    private Journal journal() {
        KeyValueStore<Bytes, byte[]> kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("models"),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
        kv.init(new MockProcessorContext<>().getStateStoreContext(), kv);
        return new Journal(new ModelStore(kv, ModelStore.DEFAULT_CHUNK_BYTES), 1000, sensors);
    }

    private static LiveModel live(Model model) {
        return new LiveModel("m", model, new RunningMetrics(16), true);
    }

    private static WalEntry entry(long offset, long timestamp, double[] x, double y) {
        return WalEntry.of(0, offset, timestamp, LabeledExample.of(x, Target.of(y)));
    }

    private static Record<byte[], byte[]> record(long offset) {
        return new Record<>(new byte[] {(byte) offset}, new byte[] {1}, offset);
    }

    private static byte[] bytes(Model m) {
        return ModelFactory.toBytes(m);
    }

    @Test
    void aPerEventLearnIsModelLearnBitForBitAndIsLogged() throws Exception {
        Model reference = Model.create(SPEC);
        LiveModel live = live(reference.copy());
        Trainer trainer = new Trainer(1, 0, journal(), sensors);
        List<Trainer.Refused> refused = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            WalEntry e = entry(i, i, new double[] {Math.sin(i), Math.cos(i)}, 0.3 * Math.sin(2 * i));
            double[] out = new double[1];
            double[] expectedOut = new double[1];
            Double loss = trainer.learn(live, e, record(i), out, refused);
            double expected = reference.learn(e.example(), expectedOut);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(loss), "loss of event " + i);
            assertArrayEquals(expectedOut, out, "the prediction before the update, event " + i);
        }
        assertArrayEquals(bytes(reference), bytes(live.model), "same state as Model.learn, bit for bit");
        assertTrue(refused.isEmpty());
        assertEquals(20, live.log.nextSeq);
        assertEquals(20, live.log.unlogged.size(), "every learned event is logged");
        assertEquals(19L, live.log.lastOffsets.get(0));
        assertEquals(20, live.log.eventsSinceCheckpoint);
    }

    @Test
    void aRefusedPerEventUpdateIsRejectedLeavesTheModelAndIsNotLogged() {
        LiveModel live = live(Model.create(SPEC));
        byte[] before = bytes(live.model);
        Trainer trainer = new Trainer(1, 0, journal(), sensors);
        Rejection r = assertThrows(Rejection.class, () -> trainer.learn(live, entry(0, 0, BATCH_X[1], BATCH_Y[1]),
                record(0), new double[1], new ArrayList<>()));
        assertEquals(DeadLetterReason.UPDATE_REFUSED, r.reason());
        assertArrayEquals(before, bytes(live.model));
        assertTrue(live.log.unlogged.isEmpty());
        assertEquals(0, live.log.nextSeq);
    }

    @Test
    void aFullMicroBatchIsAppliedAsOneUpdateAndNotBefore() throws Exception {
        Model reference = Model.create(SPEC);
        LiveModel live = live(reference.copy());
        byte[] initial = bytes(live.model);
        Trainer trainer = new Trainer(4, 0, journal(), sensors);
        List<LabeledExample> examples = new ArrayList<>();
        double[] expectedPredictions = new double[4];
        double[] predictions = new double[4];
        double[][] x = {{0.1, 0.2}, {0.5, -0.3}, {0.3, -0.2}, {-0.5, 0.4}};
        for (int i = 0; i < 4; i++) {
            WalEntry e = entry(i, i, x[i], 0.1 * i);
            examples.add(e.example());
            double[] out = new double[1];
            assertNull(trainer.learn(live, e, record(i), out, new ArrayList<>()), "batched: no loss yet");
            predictions[i] = out[0];
            if (i < 3) {
                assertArrayEquals(initial, bytes(live.model), "the model does not change while the batch fills");
                assertEquals(i + 1, live.batch.size());
            }
        }
        for (int i = 0; i < 4; i++) {
            expectedPredictions[i] = reference.predict(x[i])[0];
        }
        double[] batchPredictions = new double[4];
        reference.learnBatch(examples, batchPredictions);
        assertArrayEquals(bytes(reference), bytes(live.model), "one learnBatch of the 4 events");
        assertArrayEquals(expectedPredictions, predictions, "each event got the pre-update model's prediction");
        assertArrayEquals(batchPredictions, predictions, 1e-12, "which the batch's update started from");
        assertEquals(1, live.model.updates());
        assertTrue(live.batch.isEmpty());
        assertEquals(4, live.log.unlogged.size(), "the batched events are logged as they arrive");
    }

    @Test
    void aRefusedBatchIsLearnedOneByOneAndOnlyTheRefusedEventIsReported() throws Exception {
        Model reference = Model.create(SPEC);
        LiveModel live = live(reference.copy());
        Trainer trainer = new Trainer(4, 0, journal(), sensors);
        List<Trainer.Refused> refused = new ArrayList<>();
        List<Record<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(record(i));
            trainer.learn(live, entry(i, i, BATCH_X[i], BATCH_Y[i]), records.get(i), new double[1], refused);
        }
        double[] row = new double[1];
        for (int i = 0; i < 4; i++) {
            LabeledExample ex = entry(i, i, BATCH_X[i], BATCH_Y[i]).example();
            if (i == 1) {
                assertThrows(NonFiniteUpdateException.class, () -> reference.learn(ex, row));
            } else {
                reference.learn(ex, row);
            }
        }
        assertArrayEquals(bytes(reference), bytes(live.model), "events 0, 2, 3 learned one by one, in order");
        assertEquals(3, live.model.updates());
        assertEquals(1, refused.size(), "only the refused event: " + refused);
        Trainer.Refused r = refused.get(0);
        assertEquals(1L, r.entry().offset());
        assertSame(records.get(1), r.record(), "its input record, for the dead letter");
        assertEquals(DeadLetterReason.UPDATE_REFUSED, r.why().reason());
        assertTrue(r.why().getMessage().contains("event 2 of a micro-batch of 4"), r.why().getMessage());
        assertTrue(live.batch.isEmpty());
    }

    @Test
    void aPartialBatchIsAppliedOnlyOnceItIsOldEnoughAndAMarkerIsLogged() throws Exception {
        LiveModel live = live(Model.create(SPEC));
        Trainer trainer = new Trainer(4, 100, journal(), sensors);
        assertTrue(trainer.agesBatches());
        assertFalse(new Trainer(4, 0, journal(), sensors).agesBatches());
        assertFalse(new Trainer(1, 100, journal(), sensors).agesBatches());
        trainer.learn(live, entry(0, 1_000, new double[] {0.1, 0.2}, 0.3), record(0), new double[1], new ArrayList<>());
        trainer.learn(live, entry(1, 1_050, new double[] {0.2, 0.1}, 0.1), record(1), new double[1], new ArrayList<>());
        trainer.applyIfOld(live, 1_099, new ArrayList<>());
        assertEquals(2, live.batch.size(), "99 ms old: kept");
        assertEquals(0, live.model.updates());
        trainer.applyIfOld(live, 1_100, new ArrayList<>());
        assertTrue(live.batch.isEmpty(), "100 ms old: applied");
        assertEquals(1, live.model.updates());
        assertEquals(WalEntry.Kind.BATCH_APPLIED_EARLY, live.log.unlogged.get(2).kind());
        assertEquals(3, live.log.nextSeq);
    }

    @Test
    void replayMakesTheSameDecisionsAndReportsNothing() throws Exception {
        Model initial = Model.create(SPEC);
        // A detector that fires when the loss jumps, with an action that changes the model.
        DriftSpec drift = new DriftSpec(new PageHinkleySpec(5, 0.0, 1.0, 1 - 0.0001), DriftSignal.LOSS,
                DriftAction.RESET_OPTIMIZER);
        initial.watchDrift(drift);
        LiveModel live = live(initial.copy());
        Trainer trainer = new Trainer(3, 100, journal(), sensors);
        List<Trainer.Refused> refused = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < 30; i++, offset++) {   // small targets, then far ones: the loss jumps
            double y = i < 15 ? 0.1 : 50.0;
            trainer.applyIfOld(live, offset * 10, refused);
            trainer.learn(live, entry(offset, offset * 10, new double[] {Math.sin(i), Math.cos(i)}, y),
                    record(offset), new double[1], refused);
        }
        for (int i = 0; i < 4; i++, offset++) {   // a refused batch
            trainer.learn(live, entry(offset, offset * 10, BATCH_X[i % 4], BATCH_Y[i % 4]), record(offset),
                    new double[1], refused);
        }
        trainer.learn(live, entry(offset, offset * 10, new double[] {0.2, 0.2}, 1.0), record(offset), new double[1],
                refused);
        trainer.applyIfOld(live, offset * 10 + 500, refused);   // applied by age: a marker
        List<DriftFeed.Detected> detections = new ArrayList<>();
        trainer.drainDetections(detections::add);
        assertFalse(detections.isEmpty(), "the live path detected the jump");
        assertEquals(1, refused.size(), "the live path refused one event");
        List<WalEntry> log = new ArrayList<>(live.log.unlogged);

        LiveModel replayed = live(initial.copy());
        Trainer replayer = new Trainer(3, 100, journal(), sensors);
        for (int seq = 0; seq < log.size(); seq++) {
            replayer.replay(replayed, seq, log.get(seq));
        }
        assertArrayEquals(bytes(live.model), bytes(replayed.model),
                "same state, optimiser and detector (and the actions it applied)");
        assertEquals(live.log.nextSeq, replayed.log.nextSeq);
        assertEquals(live.log.lastOffsets, replayed.log.lastOffsets);
        assertTrue(replayed.batch.isEmpty());
        List<DriftFeed.Detected> replayDetections = new ArrayList<>();
        replayer.drainDetections(replayDetections::add);
        assertTrue(replayDetections.isEmpty(), "replay reports nothing: its detections were reported live");
        assertTrue(replayed.log.unlogged.isEmpty(), "replay logs nothing");
        assertThrows(IllegalStateException.class, () -> replayer.replay(replayed, log.size() + 1, log.get(0)),
                "a gap in the log");
    }

    @Test
    void theDriftFeedGivesEachBatchRowsErrorOrTheMeanLossOnce() {
        NetworkSpec softmax = NetworkSpec.fromJson("{\"input_size\":2,\"layers\":[{\"size\":3,"
                + "\"activation\":\"softmax\"}],\"loss\":\"cross_entropy\",\"optimizer\":{\"type\":\"sgd\","
                + "\"learning_rate\":0.1},\"seed\":1}");
        List<WalEntry> entries = List.of(
                WalEntry.of(0, 0, 0, LabeledExample.of(new double[] {0, 0}, Target.classIndex(0))),
                WalEntry.of(0, 1, 0, LabeledExample.of(new double[] {0, 0}, Target.classIndex(2))),
                WalEntry.of(0, 2, 0, LabeledExample.of(new double[] {0, 0}, Target.classIndex(1))));
        double[] predictions = {0.8, 0.1, 0.1, /* */ 0.2, 0.7, 0.1, /* */ 0.1, 0.8, 0.1};   // hit, miss, hit
        DriftSpec onError = new DriftSpec(PageHinkleySpec.DEFAULT, DriftSignal.ERROR, DriftAction.NONE);
        Model fed = Model.create(softmax);
        fed.watchDrift(onError);
        Model expected = fed.copy();
        new DriftFeed().batch(live(fed), entries, 0.7, predictions, true);
        expected.observeDrift(0.0);
        expected.observeDrift(1.0);
        expected.observeDrift(0.0);
        assertArrayEquals(bytes(expected), bytes(fed), "errors 0, 1, 0 in row order");

        DriftSpec onLoss = new DriftSpec(PageHinkleySpec.DEFAULT, DriftSignal.LOSS, DriftAction.NONE);
        Model fedLoss = Model.create(softmax);
        fedLoss.watchDrift(onLoss);
        Model expectedLoss = fedLoss.copy();
        new DriftFeed().batch(live(fedLoss), entries, 0.7, predictions, true);
        expectedLoss.observeDrift(0.7);
        assertArrayEquals(bytes(expectedLoss), bytes(fedLoss), "the mean loss, once");

        Model none = Model.create(softmax);   // no detector: nothing to feed, nothing fails
        new DriftFeed().event(live(none), entries.get(0), Double.NaN, predictions, true);
        assertNull(none.driftSpec());
    }
}
