package dev.streamgrad.bench;

import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The whole path through a real broker (in-process, {@code KafkaClusterTestKit}, one node): for each case, N
 * events are produced to a one-partition input topic first; then the training application starts (one stream
 * thread, automatic checkpoint interval) and the clock runs in steady state: from the moment the application has
 * processed {@code N / 5} events (start-up, rebalance and JIT warm-up excluded) until the application's committed
 * input offset reaches N — under exactly_once_v2 that is when the transaction holding the last prediction (and the
 * store's changelog writes) has committed, so every prediction is readable; under at_least_once (which commits
 * every 30 s by default, while its outputs are sent at once) until it has processed N events. The model-only figure is measured in
 * the same JVM just before each case, on the same events. The broker runs in the same JVM: on a 2-core machine it
 * takes CPU from the application (the figures are a lower bound for a dedicated broker).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.streamgrad.bench.BrokerBench [out.json] [filter]},
 * filter a regex on the case name (e.g. {@code 8-16-1}); writes one JSON object per case (a JSON array).
 * {@code -Dbench.n.small}, {@code -Dbench.n.large} set N (defaults 1,500,000 and 30,000: the steady phase must outlast the JIT warm-up); {@code -Dbench.guarantees}
 * (default {@code exactly_once_v2,at_least_once}); {@code -Dbench.extra=k=v,k=v} adds Streams/streamgrad settings.
 */
public final class BrokerBench {
    private BrokerBench() {
    }

    record Result(String name, String guarantee, String shape, int batch, int events, double modelOnly,
                  double steady, double withStartup, double checkpoints, double steadyCpu, double coresBusy) {
        String json() {
            return String.format(Locale.ROOT, "{\"name\":\"%s\",\"guarantee\":\"%s\",\"shape\":\"%s\",\"batch\":%d,"
                    + "\"events\":%d,\"modelOnly\":%.1f,\"steady\":%.1f,\"withStartup\":%.1f,\"checkpoints\":%.0f,"
                    + "\"steadyPerStreamThreadCpuSecond\":%.1f,\"coresBusy\":%.2f}",
                    name, guarantee, shape, batch, events, modelOnly, steady, withStartup, checkpoints, steadyCpu,
                    coresBusy);
        }
    }

    public static void main(String[] args) throws Exception {
        String outFile = args.length > 0 ? args[0] : null;
        String filter = args.length > 1 ? args[1] : ".*";
        int nSmall = Integer.getInteger("bench.n.small", 1_500_000);
        int nLarge = Integer.getInteger("bench.n.large", 30_000);
        String[] guarantees = System.getProperty("bench.guarantees", "exactly_once_v2,at_least_once").split(",");
        Path work = Files.createTempDirectory("broker-bench");
        KafkaClusterTestKit cluster = BenchIo.startBroker();
        List<Result> results = new ArrayList<>();
        try {
            int run = 0;
            for (String guarantee : guarantees) {
                for (String shape : new String[] {"8-16-1", "784-256-10"}) {
                    for (int batch : new int[] {1, 32}) {
                        String name = guarantee + "/" + shape + "/batch" + batch;
                        if (!name.matches(".*(" + filter + ").*")) {
                            continue;
                        }
                        int n = shape.equals("8-16-1") ? nSmall : nLarge;
                        Result r = measure(cluster.bootstrapServers(), work, "r" + run++, name, guarantee, shape,
                                batch, n);
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

    static Result measure(String bootstrap, Path work, String run, String name, String guarantee, String shape,
                          int batch, int n) throws Exception {
        PipelineWorkload w = new PipelineWorkload(shape);
        PipelineWorkload.ModelOnly m = new PipelineWorkload.ModelOnly(w, batch);
        m.measure(Math.min(n, 20_000));   // JIT warm-up of the model code
        double modelOnly = m.measure(n);
        String in = "in-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(in, 1, (short) 1), new NewTopic("out-" + run, 1, (short) 1),
                    new NewTopic("snap-" + run, 1, (short) 1)
                            .configs(Map.of("max.message.bytes", String.valueOf(16 << 20))))).all().get();
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        pp.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pp, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] key = "m".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(in, key, w.values.get(i & (PipelineWorkload.EVENTS - 1))));
            }
        }
        String appId = "bench-" + run;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(work.resolve(run)).toString());
        props.put(StreamgradConfig.INPUT_TOPIC_CONFIG, in);
        props.put(StreamgradConfig.PREDICTIONS_TOPIC_CONFIG, "out-" + run);
        props.put(StreamgradConfig.SNAPSHOTS_TOPIC_CONFIG, "snap-" + run);
        props.put(StreamgradConfig.MODEL_SPEC_CONFIG, w.spec);
        props.put(StreamgradConfig.BATCH_SIZE_CONFIG, batch);
        props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 0L);
        props.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, 0L);
        String extra = System.getProperty("bench.extra", "");
        for (String kv : extra.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                props.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        TopicPartition tp = new TopicPartition(in, 0);
        long t0 = System.nanoTime();
        long cpuMark = 0;
        long cpuEnd = 0;
        long processCpuMark = 0;
        long tMark = 0;
        double atMark = 0;
        double checkpoints;
        long tEnd;
        try (KafkaStreams app = new KafkaStreams(StreamgradTopology.training(props),
                StreamgradTopology.streamsProperties(props));
             Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            app.start();
            Events processed = new Events(app);
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (true) {
                double events = processed.get();
                if (events >= n / 5.0) {
                    tMark = System.nanoTime();
                    atMark = events;
                    cpuMark = streamThreadCpu(appId);
                    processCpuMark = processCpu();
                    break;
                }
                check(app, deadline, name);
                Thread.sleep(10);
            }
            while (true) {
                // cheap while far from the end; the committed offset only once processing is (nearly) done
                if (processed.get() >= n && !guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
                    // at-least-once commits every 30 s by default, but its outputs do not wait for a commit
                    tEnd = System.nanoTime();
                    cpuEnd = streamThreadCpu(appId);
                    break;
                }
                if (processed.get() >= n) {
                    OffsetAndMetadata c = admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata()
                            .get().get(tp);
                    if (c != null && c.offset() >= n) {
                        tEnd = System.nanoTime();
                        cpuEnd = streamThreadCpu(appId);
                        break;
                    }
                }
                check(app, deadline, name);
                Thread.sleep(10);
            }
            checkpoints = metric(app, "checkpoints-total");
        }
        double coresBusy = (processCpu() - processCpuMark) / (double) (System.nanoTime() - tMark);
        return new Result(name, guarantee, shape, batch, n, modelOnly, (n - atMark) / ((tEnd - tMark) / 1e9),
                n / ((tEnd - t0) / 1e9), checkpoints, (n - atMark) / ((cpuEnd - cpuMark) / 1e9), coresBusy);
    }

    /**
     * @return the CPU time (ns) of this whole JVM: application, clients and broker. Over the steady phase, divided by
     *         the wall time, it says how many cores were busy (2 = the machine was saturated)
     */
    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * @return the CPU time (ns) of the application's stream thread: with the broker and other work on the same
     *         cores, events per stream-thread CPU second is what one dedicated core would sustain
     */
    private static long streamThreadCpu(String appId) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(appId + "-") && t.getName().endsWith("-StreamThread-1")) {
                return mx.getThreadCpuTime(t.getId());
            }
        }
        throw new IllegalStateException("no stream thread of " + appId);
    }

    static void check(KafkaStreams app, long deadline, String name) {
        if (app.state() == KafkaStreams.State.ERROR || System.nanoTime() > deadline) {
            throw new IllegalStateException(name + ": application " + app.state());
        }
    }

    private static double metric(KafkaStreams app, String name) {
        return app.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("stream-streamgrad-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /** The streamgrad events-total metric, looked up once it exists (app.metrics() copies every metric). */
    private static final class Events {
        private final KafkaStreams app;
        private org.apache.kafka.common.Metric metric;

        Events(KafkaStreams app) {
            this.app = app;
        }

        double get() {
            if (metric == null) {
                // Kafka Streams' own count of the records the stream thread processed (one input partition: the
                // events); the learner's events-total is recorded in bulk and may lag.
                metric = app.metrics().entrySet().stream().filter(e -> e.getKey().name().equals("process-total")
                        && e.getKey().group().equals("stream-thread-metrics")).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
                if (metric == null) {
                    return 0;
                }
            }
            return ((Number) metric.metricValue()).doubleValue();
        }
    }

}
