package dev.streamgrad.bench;

import dev.streamgrad.topology.ReplicaTopics;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradTopology;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The replicated mode's scale benchmark on a real (in-process, one-node) broker: one model, an input topic of
 * {@value #PARTITIONS} partitions (4 replicas, averaged every {@code sync.every.updates} updates through a
 * 4-partition sync topic), exactly_once_v2, with 1 and with 2 stream threads. N events are produced first; the clock
 * runs from N/5 processed events (start-up, rebalance and JIT warm-up excluded) until the committed input offsets
 * reach N and the last round that can complete has been averaged (the held events are learned then). Reported per
 * case: events/s; events per stream-thread CPU second, two ways: over the CPU time of all the app's stream threads
 * summed (the work per event: perfect scaling keeps it, so 2 threads against 1 is at best x1), and over the CPU time
 * of the busiest stream thread (the run's length if every stream thread had a core of its own, which the 2 cores
 * shared with the broker cannot give: perfect scaling doubles it with 2 threads; it does not see time a thread
 * spends waiting, e.g. for a round, which events/s does); cores busy (this JVM's CPU time over wall time: broker, clients and app; 2 = the machine is saturated),
 * averaging rounds, sync bytes per round (all replicas' sync records) and the mean wall-clock ms from publishing a
 * round to adopting its average.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.streamgrad.bench.ReplicatedBench [out.json] [filter]};
 * {@code -Dbench.n.small}, {@code -Dbench.n.large} (defaults 600,000 and 24,000), {@code -Dbench.every.small},
 * {@code -Dbench.every.large} (sync.every.updates, defaults 1000 and 500), {@code -Dbench.staleness} (a comma list of
 * {@code streamgrad.sync.staleness} values to measure, default 0; a case with 1 is named {@code .../staleness1}).
 */
public final class ReplicatedBench {
    static final int PARTITIONS = 4;

    private ReplicatedBench() {
    }

    record Result(String name, String shape, int threads, int staleness, int events, long every, double steady,
                  double perStreamThreadCpuSecond, double perBusiestThreadCpuSecond, double coresBusy, double rounds, double syncBytesPerRound,
                  double roundWaitMs) {
        String json() {
            return String.format(Locale.ROOT, "{\"name\":\"%s\",\"shape\":\"%s\",\"threads\":%d,\"staleness\":%d,"
                    + "\"events\":%d,"
                    + "\"syncEveryUpdates\":%d,\"steady\":%.1f,\"perStreamThreadCpuSecond\":%.1f,"
                    + "\"perBusiestThreadCpuSecond\":%.1f,\"coresBusy\":%.2f,"
                    + "\"rounds\":%.0f,\"syncBytesPerRound\":%.0f,\"roundWaitMs\":%.1f}", name, shape, threads,
                    staleness, events, every, steady, perStreamThreadCpuSecond, perBusiestThreadCpuSecond, coresBusy, rounds, syncBytesPerRound,
                    roundWaitMs);
        }
    }

    public static void main(String[] args) throws Exception {
        String outFile = args.length > 0 ? args[0] : null;
        String filter = args.length > 1 ? args[1] : ".*";
        Path work = Files.createTempDirectory("replicated-bench");
        KafkaClusterTestKit cluster = BenchIo.startBroker();
        List<Result> results = new ArrayList<>();
        try {
            int run = 0;
            for (String shape : new String[] {"8-16-1", "784-256-10"}) {
                for (String st : System.getProperty("bench.staleness", "0").split(",")) {
                    int staleness = Integer.parseInt(st.trim());
                    for (int threads : new int[] {1, 2}) {
                        String name = "replicated/" + shape + "/threads" + threads
                                + (staleness > 0 ? "/staleness" + staleness : "");
                        if (!name.matches(".*(" + filter + ").*")) {
                            continue;
                        }
                        boolean small = shape.equals("8-16-1");
                        int n = Integer.getInteger(small ? "bench.n.small" : "bench.n.large",
                                small ? 600_000 : 24_000);
                        long every = Long.getLong(small ? "bench.every.small" : "bench.every.large",
                                small ? 1000 : 500);
                        Result r = measure(cluster.bootstrapServers(), work, "r" + run++, name, shape, threads,
                                staleness, n, every);
                        System.out.println("BENCH " + r.json());
                        results.add(r);
                    }
                }
            }
        } finally {
            cluster.close();
            PipelineBench.deleteTree(work);
        }
        BenchIo.writeJson(outFile, results.stream().map(Result::json).toList());
        System.exit(0);   // the broker's and clients' non-daemon threads
    }

    static Result measure(String bootstrap, Path work, String run, String name, String shape, int threads,
                          int staleness, int n, long every) throws Exception {
        PipelineWorkload w = new PipelineWorkload(shape);
        String in = "in-" + run;
        long minEnd;
        String sync = "sync-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(in, PARTITIONS, (short) 1),
                    new NewTopic(sync, PARTITIONS, (short) 1), new NewTopic("out-" + run, PARTITIONS, (short) 1),
                    new NewTopic("snap-" + run, 1, (short) 1))).all().get();
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        pp.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pp, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(in, i % PARTITIONS, null, w.values.get(i & (PipelineWorkload.EVENTS - 1))));
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // the events in the topic (a send that failed on the loaded in-process broker is not counted)
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends = new java.util.HashMap<>();
            for (int q = 0; q < PARTITIONS; q++) {
                ends.put(new TopicPartition(in, q), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            var offsets = admin.listOffsets(ends).all().get().values();
            n = (int) offsets.stream().mapToLong(o -> o.offset()).sum();
            minEnd = offsets.stream().mapToLong(o -> o.offset()).min().orElse(0);
        }
        String appId = "replicated-bench-" + run;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(work.resolve(run)).toString());
        props.put(StreamgradConfig.INPUT_TOPIC_CONFIG, in);
        props.put(StreamgradConfig.PREDICTIONS_TOPIC_CONFIG, "out-" + run);
        props.put(StreamgradConfig.SNAPSHOTS_TOPIC_CONFIG, "snap-" + run);
        props.put(StreamgradConfig.SYNC_TOPIC_CONFIG, sync);
        props.put(StreamgradConfig.MODEL_SPEC_CONFIG, w.spec);
        props.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "constant");
        props.put(StreamgradConfig.REPLICATED_CONFIG, "true");
        props.put(StreamgradConfig.SYNC_REPLICAS_CONFIG, PARTITIONS);
        props.put(StreamgradConfig.SYNC_EVERY_UPDATES_CONFIG, every);
        props.put(StreamgradConfig.SYNC_STALENESS_CONFIG, staleness);
        props.put(StreamgradConfig.METRICS_INTERVAL_MS_CONFIG, 0L);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            ReplicaTopics.check(admin, new StreamgradConfig(props), Duration.ofSeconds(30));
        }
        long tMark = 0;
        Map<Long, Long> cpuMark = Map.of();
        long processCpuMark = 0;
        double atMark = 0;
        long tEnd;
        Map<Long, Long> cpuEnd;
        double rounds;
        double syncBytes;
        double waitMs;
        long lastTrace = 0;
        try (KafkaStreams app = new KafkaStreams(StreamgradTopology.training(props),
                StreamgradTopology.streamsProperties(props));
             Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            app.start();
            long deadline = System.nanoTime() + 900_000_000_000L;
            while (true) {
                double events = sum(app, "events-total");
                if (events >= n / 5.0) {
                    tMark = System.nanoTime();
                    atMark = events;
                    cpuMark = streamThreadsCpu(appId);
                    processCpuMark = BrokerBench.processCpu();
                    break;
                }
                BrokerBench.check(app, deadline, name);
                Thread.sleep(10);
            }
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get();
                long done = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(in))
                        .mapToLong(e -> e.getValue().offset()).sum();
                // done when every event is consumed and every round that can complete has been averaged: then
                // each replica has learned its events (none waits in the hold but after the last round)
                if (done >= n && sum(app, "merges-total") >= minEnd / every) {
                    tEnd = System.nanoTime();
                    cpuEnd = streamThreadsCpu(appId);
                    break;
                }
                BrokerBench.check(app, deadline, name);
                if (Boolean.getBoolean("bench.trace") && System.nanoTime() / 1_000_000_000L != lastTrace) {
                    lastTrace = System.nanoTime() / 1_000_000_000L;
                    System.out.printf(Locale.ROOT, "TRACE committed %d events %.0f rounds %.0f held %.0f%n", done,
                            sum(app, "events-total"), sum(app, "merges-total"), sum(app, "held-events"));
                }
                Thread.sleep(20);
            }
            rounds = sum(app, "merges-total");
            syncBytes = sum(app, "sync-bytes-total");
            waitMs = mean(app, "round-wait-ms-avg");
        }
        double coresBusy = (BrokerBench.processCpu() - processCpuMark) / (double) (System.nanoTime() - tMark);
        long cpuTotal = 0;
        long cpuBusiest = 0;
        for (Map.Entry<Long, Long> e : cpuEnd.entrySet()) {
            long used = e.getValue() - cpuMark.getOrDefault(e.getKey(), 0L);
            cpuTotal += used;
            cpuBusiest = Math.max(cpuBusiest, used);
        }
        return new Result(name, shape, threads, staleness, n, every, (n - atMark) / ((tEnd - tMark) / 1e9),
                (n - atMark) / (cpuTotal / 1e9), (n - atMark) / (cpuBusiest / 1e9), coresBusy, rounds, rounds > 0 ? syncBytes / rounds : 0,
                waitMs);
    }

    /** @return the CPU time (ns) so far of each of the application's stream threads, by thread id */
    private static Map<Long, Long> streamThreadsCpu(String appId) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(appId + "-") && t.getName().contains("-StreamThread-")) {
                cpu.put(t.getId(), mx.getThreadCpuTime(t.getId()));
            }
        }
        return cpu;
    }

    private static java.util.stream.DoubleStream values(KafkaStreams app, String name) {
        return app.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("stream-streamgrad-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue());
    }

    private static double sum(KafkaStreams app, String name) {
        return values(app, name).sum();
    }

    private static double mean(KafkaStreams app, String name) {
        return values(app, name).filter(Double::isFinite).average().orElse(Double.NaN);
    }
}
