package dev.streamgrad.topology.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.ParameterMixing;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.SnapshotTopicFormat;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import dev.streamgrad.topology.ReplicaTopics;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The replicated mode on a real broker: an input topic of 4 partitions learned by 4 replicas of one model, averaged
 * every {@link #EVERY} updates through a 4-partition sync topic, under exactly_once_v2. The final averaged weights
 * (replica 0's last snapshot) are compared bit for bit with a reference computed without Kafka (4 models, each
 * learning its partition's events in order, averaged with {@link ParameterMixing} every {@link #EVERY} events):
 * with 1 stream thread, with 2 stream threads, with the application killed (SIGKILL) mid-stream and restarted, and
 * with tasks moving between two live instances while a round is open; and the pipelined rounds
 * ({@code streamgrad.sync.staleness=1}) with 1 and 2 stream threads against their own reference.
 */
@Tag("integration")
class ReplicatedIT {
    static final int PARTITIONS = 4;
    static final int PER_PARTITION = 1200;
    static final int EVERY = 150;
    static final int ROUNDS = PER_PARTITION / EVERY;
    /** Events a replica holds while the rebalance test keeps a round open. */
    static final int HELD = 50;
    static final String SPEC = Workload.SPEC;
    static final Serde<LabeledEvent> EVENTS = StreamgradSerdes.singleObject(LabeledEvent.class);
    static final Serde<WeightSnapshot> SNAPSHOTS = StreamgradSerdes.singleObject(WeightSnapshot.class);
    static Broker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new Broker();
        broker.createTopics(PARTITIONS, Map.of(), "replicated-events");
        produce("replicated-events", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    /** Partition p's i-th event: x in [0,1)^4, y = sin(3 x0) + x1 x2 - x3. */
    static double[] example(int p, int i) {
        SplittableRandom r = new SplittableRandom(1_000_003L * p + i);
        double[] x = {r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble()};
        return new double[] {x[0], x[1], x[2], x[3], Math.sin(3 * x[0]) + x[1] * x[2] - x[3]};
    }

    /** Produces every partition's events, in order, round robin; {@code pauseEvery} > 0: a 10 ms pause that often. */
    static void produce(String topic, int pauseEvery) throws InterruptedException {
        int[] all = new int[PARTITIONS];
        Arrays.fill(all, PER_PARTITION);
        produce(topic, pauseEvery, new int[PARTITIONS], all);
    }

    /** Produces partition p's events {@code [from[p], to[p])}, in order, round robin; pauses as above. */
    static void produce(String topic, int pauseEvery, int[] from, int[] to) throws InterruptedException {
        produce(topic, pauseEvery, from, to, () -> false);
    }

    /**
     * Like {@link #produce(String, int, int[], int[])}, but stops before the next index once {@code stop} holds.
     *
     * @return the end of the events produced per partition (at most {@code to[p]})
     */
    static int[] produce(String topic, int pauseEvery, int[] from, int[] to, BooleanSupplier stop)
            throws InterruptedException {
        int end = Arrays.stream(to).max().orElse(0);
        int i = 0;
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (; i < end && !stop.getAsBoolean(); i++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    if (i < from[p] || i >= to[p]) {
                        continue;
                    }
                    double[] e = example(p, i);
                    byte[] value = EVENTS.serializer().serialize(topic, LabeledEvent.newBuilder()
                            .setFeatures(List.of(e[0], e[1], e[2], e[3])).setTarget(e[4]).build());
                    producer.send(new ProducerRecord<>(topic, p, null, ("k" + i).getBytes(StandardCharsets.UTF_8),
                            value));
                }
                if (pauseEvery > 0 && i % pauseEvery == pauseEvery - 1) {
                    producer.flush();
                    Thread.sleep(10);
                }
            }
        }
        int[] reached = new int[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            reached[p] = Math.max(from[p], Math.min(to[p], i));
        }
        return reached;
    }

    /** @return θ̄ of the last round, computed without Kafka */
    static double[] reference() {
        Model[] replicas = newReplicas();
        double[] avg = null;
        for (int round = 0; round < ROUNDS; round++) {
            double[][] thetas = new double[PARTITIONS][];
            long[] weights = new long[PARTITIONS];
            for (int p = 0; p < PARTITIONS; p++) {
                thetas[p] = learnRound(replicas[p], p, round);
                weights[p] = EVERY;
            }
            avg = ParameterMixing.weightedAverage(thetas, weights);
            for (Model m : replicas) {
                m.setParameters(avg);
            }
        }
        return avg;
    }

    /**
     * @return replica 0's θ after its last round point with pipelined rounds, computed without Kafka: each replica
     *         learns EVERY events, applies θ̄ of the previous round + (θ − the θ it published then), publishes
     */
    static double[] pipelinedReference() {
        Model[] replicas = newReplicas();
        double[] avg = null;
        double[][] published = null;
        long[] weights = new long[PARTITIONS];
        Arrays.fill(weights, EVERY);
        for (int round = 0; round < ROUNDS; round++) {
            double[][] thetas = new double[PARTITIONS][];
            for (int p = 0; p < PARTITIONS; p++) {
                thetas[p] = learnRound(replicas[p], p, round);
                if (avg != null) {
                    for (int i = 0; i < thetas[p].length; i++) {
                        thetas[p][i] = avg[i] + (thetas[p][i] - published[p][i]);
                    }
                    replicas[p].setParameters(thetas[p]);
                }
            }
            avg = ParameterMixing.weightedAverage(thetas, weights);
            published = thetas;
        }
        return published[0];
    }

    /** @return one fresh model per replica, as the application creates them (plain-Java kernels) */
    private static Model[] newReplicas() {
        NetworkSpecHolder spec = new NetworkSpecHolder();
        Model[] replicas = new Model[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            replicas[p] = Model.create(spec.spec, KernelFactory.forMode(KernelMode.JAVA));
        }
        return replicas;
    }

    /**
     * Replica p learns its events of one round.
     *
     * @param replica modified: learns EVERY events
     * @return its θ after them (a copy)
     */
    private static double[] learnRound(Model replica, int p, int round) {
        for (int i = round * EVERY; i < (round + 1) * EVERY; i++) {
            double[] e = example(p, i);
            replica.learn(new double[] {e[0], e[1], e[2], e[3]}, new double[] {e[4]}, new double[1]);
        }
        double[] theta = new double[replica.parameterCount()];
        replica.copyParameters(theta);
        return theta;
    }

    private static final class NetworkSpecHolder {
        final dev.streamgrad.model.NetworkSpec spec = new StreamgradConfig(Map.of(StreamgradConfig.MODEL_SPEC_CONFIG,
                SPEC)).networkSpec();
    }

    static Properties props(String run, int threads, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "replicated-" + run);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(threads));
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "6000");
        p.put(StreamgradConfig.INPUT_TOPIC_CONFIG, "replicated-events");
        p.put(StreamgradConfig.PREDICTIONS_TOPIC_CONFIG, "predictions-" + run);
        p.put(StreamgradConfig.SNAPSHOTS_TOPIC_CONFIG, "snapshots-" + run);
        p.put(StreamgradConfig.METRICS_TOPIC_CONFIG, "metrics-" + run);
        p.put(StreamgradConfig.DEAD_LETTER_TOPIC_CONFIG, "dead-letters-" + run);
        p.put(StreamgradConfig.DRIFT_TOPIC_CONFIG, "drift-" + run);
        p.put(StreamgradConfig.SYNC_TOPIC_CONFIG, "sync-" + run);
        p.put(StreamgradConfig.MODEL_SPEC_CONFIG, SPEC);
        p.put(StreamgradConfig.KERNELS_CONFIG, "java");
        p.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "constant");
        p.put(StreamgradConfig.MODEL_ID_CONSTANT_CONFIG, "shared");
        p.put(StreamgradConfig.REPLICATED_CONFIG, "true");
        p.put(StreamgradConfig.SYNC_REPLICAS_CONFIG, String.valueOf(PARTITIONS));
        p.put(StreamgradConfig.SYNC_EVERY_UPDATES_CONFIG, String.valueOf(EVERY));
        p.put(StreamgradConfig.SNAPSHOT_CHUNK_BYTES_CONFIG, "512");   // sync messages of ~870 bytes: chunked
        p.put(StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, "100");
        p.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, "0");
        p.put(StreamgradConfig.CHECKPOINT_INTERVAL_MS_CONFIG, "0");
        return p;
    }

    /** @return the last round's snapshot (version = replica 0's updates = all its events); chunked ones assembled */
    static WeightSnapshot finalSnapshot(String run) {
        WeightSnapshot[] found = {null};
        broker.readUntil("snapshots-" + run, l -> {
            found[0] = snapshots(l).stream().filter(s -> s.getVersion() == PER_PARTITION).findFirst().orElse(null);
            return found[0] != null;
        }, Duration.ofSeconds(120));
        return found[0];
    }

    static List<WeightSnapshot> snapshots(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, byte[]> chunks = new HashMap<>();
        List<WeightSnapshot> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (SnapshotTopicFormat.isChunk(r.value())) {
                chunks.put(key, r.value());
            } else {
                byte[] v = SnapshotTopicFormat.assemble(key, r.value(),
                        k -> chunks.get(new String(k, StandardCharsets.UTF_8)));
                out.add(SNAPSHOTS.deserializer().deserialize("s", v));
            }
        }
        return out;
    }

    static double[] theta(WeightSnapshot s) {
        Model m = Model.fromState(WeightSnapshots.toModelState(s));
        double[] t = new double[m.parameterCount()];
        m.copyParameters(t);
        return t;
    }

    /** @return the number of committed averages per (partition, round) and contributions per (replica, round) */
    static Map<String, Integer> syncMessages(String run) {
        Map<String, Integer> count = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : broker.readAll("sync-" + run, 2 * PARTITIONS * ROUNDS)) {
            if (!SnapshotTopicFormat.isChunk(r.value())) {
                count.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
            }
        }
        return count;
    }

    private static void checkSyncTopic(String run) {
        Map<String, Integer> messages = syncMessages(run);
        assertEquals(2 * PARTITIONS * ROUNDS, messages.size(), "a contribution and an average per replica and round: "
                + messages.keySet());
        messages.forEach((id, n) -> assertEquals(1, n, id + " was sent (and applied) once"));
    }

    private static WeightSnapshot runInProcess(String run, int threads) throws Exception {
        return runInProcess(run, threads, 0);
    }

    private static WeightSnapshot runInProcess(String run, int threads, int staleness) throws Exception {
        broker.createTopics(PARTITIONS, Map.of(), "sync-" + run);
        Path dir = Files.createDirectories(Path.of("target", "it", run + "-" + System.nanoTime()));
        Properties props = props(run, threads, dir);
        props.put(StreamgradConfig.SYNC_STALENESS_CONFIG, String.valueOf(staleness));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            ReplicaTopics.check(admin, new StreamgradConfig(props), Duration.ofSeconds(30));
        }
        try (KafkaStreams streams = new KafkaStreams(StreamgradTopology.training(props),
                StreamgradTopology.streamsProperties(props))) {
            streams.start();
            return finalSnapshot(run);
        }
    }

    @Test
    void oneAndTwoStreamThreadsGiveTheSameBitsAsTheReference() throws Exception {
        double[] expected = reference();
        WeightSnapshot one = runInProcess("one-thread", 1);
        WeightSnapshot two = runInProcess("two-threads", 2);
        assertArrayEquals(expected, theta(one), 0, "1 thread: the reference's weights, bit for bit");
        assertArrayEquals(expected, theta(two), 0, "2 threads: the reference's weights, bit for bit");
        ModelState a = WeightSnapshots.toModelState(one);
        ModelState b = WeightSnapshots.toModelState(two);
        assertArrayEquals(ModelStateCodec.toBytes(a), ModelStateCodec.toBytes(b), "the whole state of replica 0");
        checkSyncTopic("one-thread");
        checkSyncTopic("two-threads");
    }

    @Test
    void pipelinedRoundsGiveTheSameBitsWithOneAndTwoStreamThreads() throws Exception {
        double[] expected = pipelinedReference();
        WeightSnapshot one = runInProcess("pipelined-one", 1, 1);
        WeightSnapshot two = runInProcess("pipelined-two", 2, 1);
        assertArrayEquals(expected, theta(one), 0, "1 thread: the pipelined reference's weights, bit for bit");
        assertArrayEquals(expected, theta(two), 0, "2 threads: the pipelined reference's weights, bit for bit");
        checkSyncTopic("pipelined-one");
        checkSyncTopic("pipelined-two");
    }

    @Test
    void theStartUpCheckRefusesASyncTopicOfAnotherPartitionCount() throws Exception {
        broker.createTopics(2, Map.of(), "sync-two-partitions");
        Properties props = props("mismatch", 1, Path.of("target", "it", "mismatch"));
        props.put(StreamgradConfig.SYNC_TOPIC_CONFIG, "sync-two-partitions");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ReplicaTopics.check(admin, new StreamgradConfig(props), Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("sync-two-partitions' has 2 partitions"), e.getMessage());
        }
    }

    /**
     * exactly_once_v2, 2 stream threads, the input produced while the app runs; SIGKILL after 1500 committed
     * predictions (mid-stream, and with rounds in flight), restart on a fresh state directory (restore from the
     * changelog). The final averaged weights are the reference's, bit for bit, and every committed contribution
     * and average on the sync topic is there once.
     */
    @Test
    void aKillMidRoundUnderExactlyOnceChangesNoBitAndAppliesNoRoundTwice() throws Exception {
        killMidRound("crash", 0, reference());
    }

    /** The same kill with pipelined rounds: θ_pub and early averages come back from the changelog. */
    @Test
    void aKillMidRoundWithPipelinedRoundsChangesNoBitAndAppliesNoRoundTwice() throws Exception {
        killMidRound("crash-pipelined", 1, pipelinedReference());
    }

    private static void killMidRound(String run, int staleness, double[] expected) throws Exception {
        String events = run + "-events";
        broker.createTopics(PARTITIONS, Map.of(), events, "sync-" + run);
        Path dir = Files.createDirectories(Path.of("target", "it", run + "-" + System.nanoTime()));
        Thread producer = new Thread(() -> {
            try {
                produce(events, 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        Properties first = props(run, 2, dir.resolve("state-0"));
        first.put(StreamgradConfig.INPUT_TOPIC_CONFIG, events);
        first.put(StreamgradConfig.SYNC_STALENESS_CONFIG, String.valueOf(staleness));
        Process app = LearnerApp.launch(first, dir, "app-0");
        try {
            broker.readUntil("predictions-" + run, l -> l.size() >= 1500, Duration.ofSeconds(90));
        } finally {
            app.destroyForcibly();   // SIGKILL: no close, no commit
            app.waitFor(30, TimeUnit.SECONDS);
        }
        Properties second = props(run, 2, dir.resolve("state-1"));
        second.put(StreamgradConfig.INPUT_TOPIC_CONFIG, events);
        second.put(StreamgradConfig.SYNC_STALENESS_CONFIG, String.valueOf(staleness));
        app = LearnerApp.launch(second, dir, "app-1");
        try {
            WeightSnapshot last = finalSnapshot(run);
            assertArrayEquals(expected, theta(last), 0, "the reference's weights, bit for bit");
            producer.join();
            checkSyncTopic(run);
            assertTrue(Files.readString(dir.resolve("app-1.log")).contains("restored version"),
                    "the restarted app restored the model from the changelog (the kill was mid-stream)");
            List<ConsumerRecord<byte[], byte[]>> predictions = broker.readAll("predictions-" + run,
                    PARTITIONS * PER_PARTITION);
            assertEquals(PARTITIONS * PER_PARTITION, predictions.size(), "every event predicted exactly once");
        } finally {
            app.destroyForcibly();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A rebalance between live instances while a round is open, exactly_once_v2, 1 stream thread each, one state
     * directory each. Instance A starts alone; replicas 0..2 get their events up to {@link #HELD} past the point of
     * round 3, replica 3 stops {@link #HELD} short of it, so round 3 stays open (3 contributions in the merger's store,
     * no average, 3 x HELD events held) until replica 3 gets more. More events to replicas 0..2 stream in (held) while
     * instance B joins and takes 2 of A's tasks: they move with their round state and held events, the latest ones
     * committed by the revocation itself (Kafka Streams commits a revoked task, then closes it). The input then runs to
     * round 6 open in the same way, and A leaves the group (graceful close: its tasks commit, then close) while held
     * events stream in again: all its tasks move to B. Every task, so the merger's (replica 0) too, moves at one of the
     * two rebalances, with a round open either way. The rest of the input follows. The final averaged weights are the
     * reference's, bit for bit; every contribution and average is on the sync topic once; every event is predicted
     * once.
     */
    @Test
    void tasksMovingBetweenLiveInstancesMidRoundChangeNoBitAndApplyNoRoundTwice() throws Exception {
        String run = "rebalance";
        String events = run + "-events";
        broker.createTopics(PARTITIONS, Map.of(), events, "sync-" + run);
        Path dir = Files.createDirectories(Path.of("target", "it", run + "-" + System.nanoTime()));
        KafkaStreams a = startInstance(run, events, dir.resolve("a"));
        KafkaStreams[] b = {null};
        try {
            int[] done = openRound(run, events, new int[PARTITIONS], 3, a);
            done = holdWhile(run, events, done, 6 * EVERY + HELD,
                    () -> b[0] = startInstance(run, events, dir.resolve("b")),
                    () -> b[0] != null && partitions(b[0]).size() >= PARTITIONS / 2 && !partitions(a).isEmpty());
            List<Integer> moved = partitions(b[0]);
            assertTrue(moved.stream().anyMatch(p -> p < PARTITIONS - 1), "B took a replica that holds events: "
                    + moved);
            assertRoundOpen(run, 3);   // replica 3 got no event since: the tasks moved while round 3 was open

            done = openRound(run, events, done, 6, a, b[0]);
            done = holdWhile(run, events, done, PER_PARTITION,
                    () -> a.close(CloseOptions.groupMembershipOperation(
                            CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30))),
                    () -> partitions(b[0]).size() == PARTITIONS);
            assertEquals(List.of(0, 1, 2, 3), partitions(b[0]), "B took every task, the merger's too");
            assertRoundOpen(run, 6);

            int[] all = new int[PARTITIONS];
            Arrays.fill(all, PER_PARTITION);
            produce(events, 0, done, all);
            assertArrayEquals(reference(), theta(finalSnapshot(run)), 0, "the reference's weights, bit for bit");
            checkSyncTopic(run);
            assertEquals(PARTITIONS * PER_PARTITION, broker.readAll("predictions-" + run, PARTITIONS * PER_PARTITION)
                    .size(), "every event predicted exactly once");
        } finally {
            a.close(Duration.ofSeconds(30));
            if (b[0] != null) {
                b[0].close(Duration.ofSeconds(30));
            }
        }
    }

    private static KafkaStreams startInstance(String run, String events, Path stateDir) {
        Properties p = props(run, 1, stateDir);
        p.put(StreamgradConfig.INPUT_TOPIC_CONFIG, events);
        KafkaStreams s = new KafkaStreams(StreamgradTopology.training(p), StreamgradTopology.streamsProperties(p));
        s.start();
        return s;
    }

    /**
     * Produces the events after {@code done} up to round {@code round} open: replicas 0..R-2 get theirs up to
     * {@link #HELD} past the round's point (they publish it and hold the rest), replica R-1 up to HELD short of it;
     * waits until the apps predicted them all, the sync topic shows the open round and the held-events metrics sum
     * to x HELD.
     *
     * @return the events produced per partition
     */
    private static int[] openRound(String run, String events, int[] done, int round, KafkaStreams... apps)
            throws InterruptedException {
        int[] to = new int[PARTITIONS];
        Arrays.fill(to, round * EVERY + HELD);
        to[PARTITIONS - 1] = round * EVERY - HELD;
        produce(events, 0, done, to);
        int total = Arrays.stream(to).sum();
        broker.readUntil("predictions-" + run, l -> l.size() >= total, Duration.ofSeconds(60));
        broker.readUntil("sync-" + run, l -> syncIds(l).containsAll(contributions(round, PARTITIONS - 1)),
                Duration.ofSeconds(60));
        assertRoundOpen(run, round);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double held;
        while ((held = Arrays.stream(apps).mapToDouble(ReplicatedIT::heldEvents).sum()) != (PARTITIONS - 1) * HELD) {
            assertTrue(System.nanoTime() < deadline, "held-events: " + held + ", expected " + (PARTITIONS - 1) * HELD);
            Thread.sleep(100);
        }
        return to;
    }

    /**
     * Streams more events to replicas 0..R-2, up to event {@code cap} (one index every ~10 ms), while the open round
     * holds them (replica R-1 gets none, so the round stays open): once some were predicted, runs {@code action},
     * then stops the stream when {@code moved} holds (at most 60 s later). So the tasks move while held events come in.
     *
     * @return the end of the events produced per partition
     */
    private static int[] holdWhile(String run, String events, int[] done, int cap, Runnable action,
                                   BooleanSupplier moved) throws Exception {
        int[] to = done.clone();
        for (int p = 0; p < PARTITIONS - 1; p++) {
            to[p] = cap;
        }
        int before = Arrays.stream(done).sum();
        AtomicBoolean stop = new AtomicBoolean();
        FutureTask<int[]> producer = new FutureTask<>(() -> produce(events, 1, done, to, stop::get));
        new Thread(producer).start();
        try {
            broker.readUntil("predictions-" + run, l -> l.size() >= before + 30, Duration.ofSeconds(60));
            action.run();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!moved.getAsBoolean()) {
                assertTrue(System.nanoTime() < deadline, "the tasks did not move");
                Thread.sleep(100);
            }
        } finally {
            stop.set(true);
        }
        return producer.get();
    }

    /** @return the ids (keys) of the whole sync messages (manifests or unchunked) among the records */
    static Set<String> syncIds(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (!SnapshotTopicFormat.isChunk(r.value())) {
                ids.add(new String(r.key(), StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    /** @return the ids of the contributions of replicas 0..n-1 to a round (key format of {@code SyncRecords.Id}) */
    static Set<String> contributions(int round, int n) {
        Set<String> ids = new HashSet<>();
        for (int q = 0; q < n; q++) {
            ids.add("0/c/" + round + "/" + q);
        }
        return ids;
    }

    /** Asserts that the committed sync topic holds the contributions of round r from replicas 0..R-2, nothing after. */
    private static void assertRoundOpen(String run, int round) {
        Set<String> ids = syncIds(broker.readAll("sync-" + run));
        assertTrue(ids.containsAll(contributions(round, PARTITIONS - 1)), "round " + round + " published: " + ids);
        assertEquals(2 * PARTITIONS * (round - 1) + PARTITIONS - 1, ids.size(), "round " + round + " open, nothing "
                + "later (no contribution of replica " + (PARTITIONS - 1) + ", no average): " + ids);
    }

    /** @return the sum of the app's {@code held-events} metrics (each task's held events at its last commit) */
    private static double heldEvents(KafkaStreams app) {
        return app.metrics().entrySet().stream().filter(e -> e.getKey().name().equals("held-events"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /** @return the input partitions of the app's active tasks, sorted; none unless it is RUNNING */
    private static List<Integer> partitions(KafkaStreams app) {
        if (app.state() != KafkaStreams.State.RUNNING) {
            return List.of();
        }
        return app.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
                .map(t -> t.taskId().partition()).sorted().toList();
    }
}
