package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.LabeledExample;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.ParameterMixing;
import dev.streamgrad.model.Target;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.snapshot.SnapshotTopicFormat;
import dev.streamgrad.topology.LearnerOutput;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replicated mode's rounds, hold and merger, with R learner processors and a simulated sync topic. */
class ReplicatedLearnerTest {
    @TempDir
    File dir;

    /** Partition p's i-th event: a learnable linear target. */
    private static double[] x(int p, int i) {
        SplittableRandom r = new SplittableRandom(1000L * p + i);
        return new double[] {r.nextDouble(-1, 1), r.nextDouble(-1, 1)};
    }

    private static double y(double[] x) {
        return 0.5 * x[0] - 0.3 * x[1];
    }

    private static void learn(Model m, int p, int from, int to) {
        for (int i = from; i < to; i++) {
            double[] x = x(p, i);
            m.learn(new LabeledExample(x, Target.of(new double[] {y(x)}), 1.0), new double[1]);
        }
    }

    private static double[] theta(Model m) {
        double[] t = new double[m.parameterCount()];
        m.copyParameters(t);
        return t;
    }

    private static double[] theta(ModelState s) {
        Model m = Model.fromState(s);
        return theta(m);
    }

    private static void feed(ReplicaHarness h, int p, int from, int to) {
        for (int i = from; i < to; i++) {
            double[] x = x(p, i);
            h.input(p, x, y(x));
        }
    }

    /** @return the sync messages the harness sent to partition p, reassembled, in order */
    private static List<SyncMessage> messages(ReplicaHarness h, int p) throws Rejection {
        Map<String, byte[]> chunks = new HashMap<>();
        List<SyncMessage> out = new ArrayList<>();
        for (Record<byte[], byte[]> r : h.sent.get(p)) {
            if (SnapshotTopicFormat.isChunk(r.value())) {
                chunks.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
            } else {
                String id = new String(r.key(), StandardCharsets.UTF_8);
                out.add(SyncMessage.fromBytes(SnapshotTopicFormat.assemble(id, r.value(),
                        k -> chunks.get(new String(k, StandardCharsets.UTF_8)))));
            }
        }
        return out;
    }

    private static List<SyncMessage> averages(ReplicaHarness h, int p) throws Rejection {
        return messages(h, p).stream().filter(m -> m.kind() == SyncMessage.Kind.AVERAGE).toList();
    }

    private static List<DeadLetterReason> deadLetters(ReplicaHarness h, int p) {
        return h.outputs.get(p).stream().filter(o -> o instanceof LearnerOutput.DeadLettered)
                .map(o -> ((LearnerOutput.DeadLettered) o).deadLetter().getReason()).toList();
    }

    @Test
    void theAverageIsTheReplicaOrderMeanOfWhatEachReplicaLearnedWeightedByEvents() throws Rejection {
        // chunks of 64 bytes: every 17-parameter message (174 bytes) goes as chunks + manifest
        ReplicaHarness h = new ReplicaHarness(3, 4, 1 << 20, 64, 1, dir);
        for (int p = 2; p >= 0; p--) {   // replica 2 first: arrival order is not replica order
            feed(h, p, 0, 4);
            h.input(p, x(p, 99), null);   // unlabeled: predicted, not learned, not counted
        }
        h.deliverAll();
        double[][] thetas = new double[3][];
        for (int p = 0; p < 3; p++) {
            Model ref = h.factory.create();
            learn(ref, p, 0, 4);
            thetas[p] = theta(ref);
        }
        double[] expected = ParameterMixing.weightedAverage(thetas, new long[] {4, 4, 4});
        List<SyncMessage> contributions = messages(h, 0).stream()
                .filter(m -> m.kind() == SyncMessage.Kind.CONTRIBUTION).toList();
        assertEquals(List.of(2, 1, 0), contributions.stream().map(SyncMessage::replica).toList());
        for (SyncMessage c : contributions) {
            assertEquals(4, c.weight(), "events learned since the last round");
            assertArrayEquals(thetas[c.replica()], c.theta(), 0);
        }
        for (int p = 0; p < 3; p++) {
            List<SyncMessage> avg = averages(h, p);
            assertEquals(1, avg.size(), "the average is written once to each partition");
            assertEquals(12, avg.get(0).weight());
            assertArrayEquals(expected, avg.get(0).theta(), 0);
            assertArrayEquals(expected, theta(h.checkpointed(p)), 0, "replica " + p + " adopted it");
        }
        long snapshots = h.outputs.get(0).stream().filter(o -> o instanceof LearnerOutput.Snapshotted).count();
        assertEquals(2, snapshots, "replica 0: the new model's snapshot and one per round");
        assertEquals(0, h.outputs.get(1).stream().filter(o -> o instanceof LearnerOutput.Snapshotted).count());
    }

    @Test
    void aReplicaHoldsItsEventsUntilTheAverageThenLearnsThemInOrder() {
        ReplicaHarness h = new ReplicaHarness(2, 2, 1 << 20, 1 << 20, 1, dir);
        feed(h, 0, 0, 2);                  // round 1 published
        feed(h, 0, 2, 5);                  // held: predicted with the published model
        List<LearnerOutput.Predicted> held = h.outputs.get(0).stream()
                .filter(o -> o instanceof LearnerOutput.Predicted).map(o -> (LearnerOutput.Predicted) o).toList()
                .subList(2, 5);
        for (LearnerOutput.Predicted p : held) {
            assertEquals(2L, p.prediction().getModelVersion());
            assertNull(p.prediction().getLoss(), "learned later");
        }
        Model published = h.factory.create();
        learn(published, 0, 0, 2);
        assertArrayEquals(theta(published), theta(h.checkpointed(0)), 0, "the model waits");
        feed(h, 1, 0, 2);
        h.deliverAll();
        // The average of round 1, then the held events 2 and 3 (round 2 is due after them: event 4 stays held).
        Model other = h.factory.create();
        learn(other, 1, 0, 2);
        Model expected = h.factory.create();
        expected.setParameters(ParameterMixing.weightedAverage(new double[][] {theta(published), theta(other)},
                new long[] {2, 2}));
        learn(expected, 0, 2, 4);
        assertArrayEquals(theta(expected), theta(h.checkpointed(0)), 0);
        assertEquals(List.of(1L, 1L, 2L), contributions(h).stream().map(SyncMessage::round).toList(),
                "replica 0 published round 2 after two held events; replica 1 has not");
        feed(h, 1, 2, 4);
        h.deliverAll();
        assertEquals(2, averagesCount(h, 0));
    }

    private static List<SyncMessage> contributions(ReplicaHarness h) {
        try {
            return messages(h, 0).stream().filter(m -> m.kind() == SyncMessage.Kind.CONTRIBUTION).toList();
        } catch (Rejection e) {
            throw new AssertionError(e);
        }
    }

    private static long averagesCount(ReplicaHarness h, int p) {
        try {
            return averages(h, p).size();
        } catch (Rejection e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theResultDoesNotDependOnTheInterleavingOfInputAndSyncRecords() throws Rejection {
        int n = 60;
        // 1: sync records delivered as soon as they are sent
        ReplicaHarness eager = new ReplicaHarness(3, 3, 1 << 20, 64, 2, new File(dir, "a"));
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 3; p++) {
                feed(eager, p, i, i + 1);
                eager.deliverAll();
            }
        }
        // 2: all input first (the replicas hold), then the sync records
        ReplicaHarness late = new ReplicaHarness(3, 3, 1 << 20, 64, 2, new File(dir, "b"));
        for (int p = 0; p < 3; p++) {
            feed(late, p, 0, n);
        }
        late.deliverAll();
        // 3: a random interleaving, with commits
        ReplicaHarness random = new ReplicaHarness(3, 3, 1 << 20, 64, 2, new File(dir, "c"));
        interleaveRandomly(random, n, 42);
        assertTrue(averages(eager, 0).size() >= 9, "rounds happened: " + averages(eager, 0).size());
        for (int p = 0; p < 3; p++) {
            double[] a = theta(eager.checkpointed(p));
            assertArrayEquals(a, theta(late.checkpointed(p)), 0, "replica " + p);
            assertArrayEquals(a, theta(random.checkpointed(p)), 0, "replica " + p);
            List<SyncMessage> avg = averages(eager, p);
            assertEquals(avg.size(), averages(late, p).size());
            assertEquals(avg.size(), averages(random, p).size());
            for (int r = 0; r < avg.size(); r++) {
                assertArrayEquals(avg.get(r).theta(), averages(late, p).get(r).theta(), 0);
                assertArrayEquals(avg.get(r).theta(), averages(random, p).get(r).theta(), 0);
            }
        }
    }

    @Test
    void aFullHoldDeadLettersTheEventAndKeepsTheRest() {
        int entry = WalEntry.of(0, 0, 0, new LabeledExample(new double[2], Target.of(new double[1]), 1))
                .sizeInBytes();
        ReplicaHarness h = new ReplicaHarness(2, 1, 2L * entry, 1 << 20, 1, dir);
        feed(h, 0, 0, 1);   // published; replica 1 is idle
        feed(h, 0, 1, 4);   // two held, the third refused
        assertEquals(List.of(DeadLetterReason.HOLD_FULL), deadLetters(h, 0));
        feed(h, 1, 0, 1);
        h.deliverAll();     // round 1; held event 1 learned, round 2 published; event 2 held
        Model ref = h.factory.create();
        learn(ref, 0, 0, 1);
        Model other = h.factory.create();
        learn(other, 1, 0, 1);
        Model expected = h.factory.create();
        expected.setParameters(ParameterMixing.weightedAverage(new double[][] {theta(ref), theta(other)},
                new long[] {1, 1}));
        learn(expected, 0, 1, 2);
        assertArrayEquals(theta(expected), theta(h.checkpointed(0)), 0);
    }

    @Test
    void badSyncRecordsAreDeadLetteredAndChangeNothing() throws Rejection {
        ReplicaHarness h = new ReplicaHarness(2, 2, 1 << 20, 1 << 20, 1, dir);
        feed(h, 1, 0, 2);                      // replica 1 publishes round 1 and waits
        double[] waiting = theta(h.checkpointed(1));
        int n = waiting.length;
        byte[] good = new SyncMessage(SyncMessage.Kind.AVERAGE, 1, 1, 2, 4, waiting.clone()).toBytes();
        byte[] key = "1/a/1/1".getBytes(StandardCharsets.UTF_8);
        byte[] flipped = good.clone();
        flipped[40] ^= 1;
        double[] nan = waiting.clone();
        nan[3] = Double.NaN;
        List<byte[][]> forged = List.of(
                new byte[][] {null, good},
                new byte[][] {"not a sync key".getBytes(StandardCharsets.UTF_8), good},
                new byte[][] {key, null},
                new byte[][] {key, java.util.Arrays.copyOf(good, good.length / 2)},      // truncated
                new byte[][] {key, flipped},                                             // CRC
                new byte[][] {key, new byte[] {1, 2, 3}},
                new byte[][] {"1/a/2/1".getBytes(StandardCharsets.UTF_8),                // a round not waited for
                        new SyncMessage(SyncMessage.Kind.AVERAGE, 2, 1, 2, 4, waiting).toBytes()},
                new byte[][] {"0/a/1/0".getBytes(StandardCharsets.UTF_8), good},         // another partition's
                new byte[][] {"1/c/1/1".getBytes(StandardCharsets.UTF_8), good},         // a contribution, not merger
                new byte[][] {key, new SyncMessage(SyncMessage.Kind.AVERAGE, 1, 1, 3, 4, waiting).toBytes()},
                new byte[][] {key, new SyncMessage(SyncMessage.Kind.AVERAGE, 1, 1, 2, 4, new double[n - 1])
                        .toBytes()},
                new byte[][] {key, new SyncMessage(SyncMessage.Kind.AVERAGE, 1, 1, 2, 4, nan).toBytes()},
                new byte[][] {key, new SyncMessage(SyncMessage.Kind.AVERAGE, 1, 0, 2, 4, waiting).toBytes()},
                new byte[][] {"1/a/1/1#chunk-99".getBytes(StandardCharsets.UTF_8),                // chunk out of range
                        new SnapshotTopicFormat(64).split("1/a/1/1", 1, good, 0).get(0).value()},
                new byte[][] {key, new SnapshotTopicFormat(64).split("1/a/1/1", 1, good, 0)   // manifest, no chunks
                        .get(new SnapshotTopicFormat(64).chunkCount(good.length)).value()});
        for (byte[][] f : forged) {
            h.syncRecord(1, f[0], f[1]);
        }
        assertEquals(java.util.Collections.nCopies(forged.size(), DeadLetterReason.SYNC_INVALID), deadLetters(h, 1));
        assertArrayEquals(waiting, theta(h.checkpointed(1)), 0, "the model did not change");
        // A duplicate contribution at the merger is refused too; then the genuine round goes through.
        int before = h.waiting(0);
        assertEquals(1, before);
        List<Record<byte[], byte[]>> contribution = new ArrayList<>(h.sent.get(0));
        h.deliverOne(0);
        for (Record<byte[], byte[]> r : contribution) {
            h.syncRecord(0, r.key(), r.value());
        }
        assertEquals(List.of(DeadLetterReason.SYNC_INVALID), deadLetters(h, 0));
        feed(h, 0, 0, 2);
        h.deliverAll();
        Model a = h.factory.create();
        learn(a, 0, 0, 2);
        Model b = h.factory.create();
        learn(b, 1, 0, 2);
        double[] avg = ParameterMixing.weightedAverage(new double[][] {theta(a), theta(b)}, new long[] {2, 2});
        assertArrayEquals(avg, theta(h.checkpointed(1)), 0, "the genuine average was adopted");
        assertArrayEquals(avg, theta(h.checkpointed(0)), 0);
        // Its chunks and contributions are gone from the stores: only models and round state remain.
        for (int p = 0; p < 2; p++) {
            try (var it = h.store(p).kv().all()) {
                it.forEachRemaining(kv -> assertTrue("HCWR".indexOf(kv.key.get()[0]) >= 0,
                        "leftover key kind " + (char) kv.key.get()[0]));
            }
        }
    }

    @Test
    void aRestartedReplicaResumesItsRoundFromTheStore() {
        ReplicaHarness plain = new ReplicaHarness(2, 3, 1 << 20, 64, 1, new File(dir, "a"));
        ReplicaHarness crashed = new ReplicaHarness(2, 3, 1 << 20, 64, 1, new File(dir, "b"));
        for (ReplicaHarness h : List.of(plain, crashed)) {
            feed(h, 0, 0, 5);   // published round 1, holds 2
            if (h == crashed) {
                h.commit(0);
                h.start(0);     // the processor's memory is gone; the store is what the last commit wrote
            }
            feed(h, 1, 0, 3);
            h.deliverAll();
            feed(h, 0, 5, 9);
            feed(h, 1, 3, 9);
            h.deliverAll();
        }
        for (int p = 0; p < 2; p++) {
            ModelState s = crashed.checkpointed(p);
            assertNotNull(s);
            assertArrayEquals(theta(plain.checkpointed(p)), theta(s), 0, "replica " + p);
        }
        assertInstanceOf(LearnerOutput.Snapshotted.class, crashed.outputs.get(0).get(0));
    }

    // ---- Pipelined rounds (streamgrad.sync.staleness=1) ----

    /** What the pipelined rounds must compute, written independently of SyncRounds: the averages and final θs. */
    private record Pipelined(List<double[]> averages, double[][] thetas) { }

    /**
     * Each replica learns S events, publishes θ_1; learns the next S, applies θ̄_1 + (θ − θ_1), publishes that as θ_2;
     * ... up to n events (a multiple of S), so the last thing each replica does is apply θ̄_{K−1} and publish θ_K.
     */
    private static Pipelined pipelinedReference(ReplicaHarness h, int replicas, int every, int n) {
        Model[] m = new Model[replicas];
        for (int p = 0; p < replicas; p++) {
            m[p] = h.factory.create();
        }
        List<double[]> averages = new ArrayList<>();
        double[][] published = null;
        long[] weights = new long[replicas];
        java.util.Arrays.fill(weights, every);
        for (int r = 1; r * every <= n; r++) {
            double[][] now = new double[replicas][];
            for (int p = 0; p < replicas; p++) {
                learn(m[p], p, (r - 1) * every, r * every);
                now[p] = theta(m[p]);
                if (published != null) {
                    double[] avg = averages.get(averages.size() - 1);
                    for (int i = 0; i < now[p].length; i++) {
                        now[p][i] = avg[i] + (now[p][i] - published[p][i]);
                    }
                    m[p].setParameters(now[p]);
                }
            }
            averages.add(ParameterMixing.weightedAverage(now, weights));
            published = now;
        }
        return new Pipelined(averages, published);
    }

    /** @return how many of replica p's predictions were of held events (no loss: learned later) */
    private static long heldPredictions(ReplicaHarness h, int p) {
        return h.outputs.get(p).stream().filter(o -> o instanceof LearnerOutput.Predicted)
                .filter(o -> ((LearnerOutput.Predicted) o).prediction().getLoss() == null).count();
    }

    private static void assertPipelined(Pipelined expected, ReplicaHarness h, String run) throws Rejection {
        for (int p = 0; p < h.replicas; p++) {
            List<SyncMessage> avg = averages(h, p);
            assertEquals(expected.averages().size(), avg.size(), run + ": averages of replica " + p);
            for (int r = 0; r < avg.size(); r++) {
                assertArrayEquals(expected.averages().get(r), avg.get(r).theta(), 0, run + ": round " + (r + 1));
            }
            assertArrayEquals(expected.thetas()[p], theta(h.checkpointed(p)), 0, run + ": replica " + p);
        }
    }

    @Test
    void pipelinedRoundsApplyEachAverageOneRoundLaterWhateverTheInterleaving() throws Rejection {
        int n = 24;
        int every = 3;
        // 1: sync records delivered as soon as they are sent: every average arrives early, nothing is held
        ReplicaHarness eager = ReplicaHarness.pipelined(3, every, 64, 1, new File(dir, "a"));
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 3; p++) {
                feed(eager, p, i, i + 1);
                eager.deliverAll();
            }
        }
        // 2: all input first: each replica holds from its second round point; then the sync records
        ReplicaHarness late = ReplicaHarness.pipelined(3, every, 64, 1, new File(dir, "b"));
        for (int p = 0; p < 3; p++) {
            feed(late, p, 0, n);
        }
        late.deliverAll();
        // 3: a random interleaving, with commits
        ReplicaHarness random = ReplicaHarness.pipelined(3, every, 64, 1, new File(dir, "c"));
        interleaveRandomly(random, n, 7);
        Pipelined expected = pipelinedReference(eager, 3, every, n);
        assertEquals(n / every, expected.averages().size());
        assertPipelined(expected, eager, "eager");
        assertPipelined(expected, late, "late");
        assertPipelined(expected, random, "random");
        for (int p = 0; p < 3; p++) {
            assertEquals(0, heldPredictions(eager, p), "pipelined: an early average never holds replica " + p);
            assertEquals(n - 2 * every, heldPredictions(late, p), "late averages: replica " + p + " held from its "
                    + "second round point on");
        }
    }

    @Test
    void pipelinedRoundsDifferFromSynchronousOnes() throws Rejection {
        // The option changes the computation (else the tests above would prove nothing about it).
        ReplicaHarness sync = new ReplicaHarness(2, 3, 1 << 20, 64, 1, new File(dir, "a"));
        ReplicaHarness pipelined = ReplicaHarness.pipelined(2, 3, 64, 1, new File(dir, "b"));
        for (ReplicaHarness h : List.of(sync, pipelined)) {
            for (int i = 0; i < 12; i++) {
                for (int p = 0; p < 2; p++) {
                    feed(h, p, i, i + 1);
                    h.deliverAll();
                }
            }
        }
        assertEquals(averages(sync, 0).get(0).theta()[0], averages(pipelined, 0).get(0).theta()[0], 0,
                "round 1 is the same");
        assertTrue(averages(sync, 0).get(1).theta()[0] != averages(pipelined, 0).get(1).theta()[0],
                "round 2 is not");
    }

    @Test
    void aRestartedPipelinedReplicaAppliesTheSameFormula() throws Rejection {
        int n = 24;
        int every = 3;
        ReplicaHarness h = ReplicaHarness.pipelined(2, every, 64, 1, dir);
        SplittableRandom rnd = new SplittableRandom(11);
        int[] next = new int[2];
        int withEarlyAverage = 0;
        int restarts = 0;
        while (next[0] + next[1] < 2 * n || h.waiting(0) + h.waiting(1) > 0) {
            int p = rnd.nextInt(2);
            if (rnd.nextInt(3) > 0 && next[p] < n) {
                feed(h, p, next[p], ++next[p]);
            } else {
                h.deliverOne(p);
            }
            if (rnd.nextInt(4) == 0) {
                h.commit(p);
                withEarlyAverage += earlyAverageStored(h, p) ? 1 : 0;
                h.start(p);   // the processor's memory is gone: θ_pub and an early average come from the store
                restarts++;
            }
        }
        assertTrue(withEarlyAverage > 0 && withEarlyAverage < restarts,
                "restarts with and without an early average: " + withEarlyAverage + " of " + restarts);
        assertPipelined(pipelinedReference(h, 2, every, n), h, "restarted");
    }

    private static boolean earlyAverageStored(ReplicaHarness h, int p) {
        try (var it = h.store(p).kv().all()) {
            while (it.hasNext()) {
                byte[] k = it.next().key.get();
                if (k.length == 1 && k[0] == 'A') {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aPipelinedReplicaRefusesASecondAverageOfTheRound() throws Rejection {
        ReplicaHarness h = ReplicaHarness.pipelined(2, 2, 1 << 20, 1, dir);
        feed(h, 0, 0, 2);
        feed(h, 1, 0, 2);
        h.deliverAll();   // the average of round 1 waits in each replica for its second round point
        Record<byte[], byte[]> average = h.sent.get(1).get(h.sent.get(1).size() - 1);
        h.syncRecord(1, average.key(), average.value());
        assertEquals(List.of(DeadLetterReason.SYNC_INVALID), deadLetters(h, 1));
        feed(h, 0, 2, 4);
        feed(h, 1, 2, 4);
        h.deliverAll();
        assertPipelined(pipelinedReference(h, 2, 2, 4), h, "after the duplicate");
    }

    /**
     * Feeds events 0..n-1 of each of 3 replicas and delivers their sync records in a random interleaving (with
     * commits at random points), until every event is fed and every sync record delivered.
     */
    private static void interleaveRandomly(ReplicaHarness random, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] next = new int[3];
        while (next[0] + next[1] + next[2] < 3 * n || random.waiting(0) + random.waiting(1) + random.waiting(2) > 0) {
            int p = rnd.nextInt(3);
            if (rnd.nextBoolean() && next[p] < n) {
                feed(random, p, next[p], ++next[p]);
            } else {
                random.deliverOne(p);
            }
            if (rnd.nextInt(10) == 0) {
                random.commit(p);
            }
        }
    }
}
