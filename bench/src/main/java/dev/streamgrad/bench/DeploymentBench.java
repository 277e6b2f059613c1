package dev.streamgrad.bench;

import dev.streamgrad.deploy.broker.EmbeddedKafka;
import dev.streamgrad.deploy.config.CommitCadence;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradLearner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole path in a deployment's shape: every part in its own JVM, started as a user would start it.
 * <ul>
 *   <li>the broker: {@code kafka.Kafka server.properties} from the application's shaded jar (KRaft, one combined
 *       node), after {@code kafka.tools.StorageTool format};</li>
 *   <li>optionally the registry: the Apicurio Registry runner jar that {@code infra/apicurio-registry} builds (its
 *       Confluent-compatible API), for the registry wire format; without it, single-object encoding;</li>
 *   <li>the application: {@code java --add-modules jdk.incubator.vector -jar streamgrad.jar run --config
 *       app.properties}, one stream thread, or the {@link PassthroughApp} with the same file and flags.</li>
 * </ul>
 * For each case, N events are produced first (a one-partition input topic, shared by the cases of one wire format
 * and shape); then the application starts and this JVM watches it from outside: the steady window runs from
 * N / 5 events done (or {@code -Dbench.window.from} × N: a fresh JVM compiles Kafka's and the model's code for tens
 * of seconds, so a window that opens later measures the compiled path) to N events done. "Done" is the application's committed input offset under exactly_once_v2
 * (the transaction holding the predictions has committed), and the predictions topic's end offset under
 * at_least_once (its outputs are sent at once; its commits may be 30 s apart). CPU of the application's and the
 * broker's JVMs over the window comes from {@code /proc}, and so does where the application's Streams threads spent
 * it (on a CPU, or runnable and waiting for one) and what the two JVMs' JIT compilers took ({@link WindowThreads}).
 * The model-only figure is measured here, in this JVM, before the cases, on the same events (the broker idle), and
 * again for about 3 s after each case ({@code modelOnlyAfter}), as a check on the host's drift in between.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.streamgrad.bench.DeploymentBench APP_JAR BENCH_JAR REGISTRY_JAR|-
 * OUT.json [case regex]}; {@code -Dbench.n.small} / {@code -Dbench.n.large} (defaults 1,000,000 / 30,000),
 * {@code -Dbench.guarantees}, {@code -Dbench.formats} ({@code single_object,registry}), {@code -Dbench.shapes},
 * {@code -Dbench.apps} ({@code streamgrad,passthrough}), {@code -Dbench.extra=k=v,...} (added to app.properties),
 * {@code -Dbench.jfr=true} (a JFR recording of each application JVM, {@code settings=profile}),
 * {@code -Dbench.work} (the working directory; default a new one under {@code bench/target}),
 * {@code -Dbench.window.from} (where the steady window opens, a fraction of N; default 0.2),
 * {@code -Dbench.warmup=false} (no unmeasured passthrough run to warm the broker before the first case).
 */
public final class DeploymentBench {
    /** Where the steady window opens, as a fraction of the N events of a case. */
    private static final double WINDOW_FROM = windowFrom(System.getProperty("bench.window.from", "0.2"));

    private static double windowFrom(String value) {
        double from = Double.parseDouble(value);
        if (!(from >= 0 && from < 1)) {   // the window must open before the last event, or there is nothing to time
            throw new IllegalArgumentException("bench.window.from must be in [0, 1), got " + value);
        }
        return from;
    }

    private static final String VECTOR = "--add-modules=jdk.incubator.vector";

    /** Events of the unmeasured passthrough run that warms the broker (at most the first case's N). */
    private static final int WARM_UP_EVENTS = 1_000_000;

    private DeploymentBench() {
    }

    /**
     * One case. {@code modelOnlyAfter} is the model-only figure taken again right after the case (about 3 s): the
     * host's speed drifts by tens of percent over minutes (bench/notes.md), and a ratio to a figure taken minutes
     * earlier carries that drift. {@code threads} is where the application's Streams threads spent the window.
     */
    record Result(String name, String app, String format, String guarantee, String shape, int events,
                  double modelOnly, double modelOnlyAfter, double steady, double appCores, double brokerCores,
                  WindowThreads threads, String extra) {
        String json() {
            return String.format(Locale.ROOT, "{\"name\":\"%s\",\"app\":\"%s\",\"format\":\"%s\",\"guarantee\":\"%s\","
                    + "\"shape\":\"%s\",\"events\":%d,\"modelOnly\":%.1f,\"modelOnlyAfter\":%.1f,\"steady\":%.1f,"
                    + "\"appCores\":%.2f,\"brokerCores\":%.2f,\"streamsOnCpu\":%.2f,\"streamsWaiting\":%.2f,"
                    + "\"appJit\":%.2f,\"brokerJit\":%.2f,\"windowFrom\":%.2f,\"extra\":\"%s\"}", name, app, format,
                    guarantee, shape, events, modelOnly, modelOnlyAfter, steady, appCores, brokerCores,
                    threads.streams().onCpu(), threads.streams().waiting(), threads.appJit().onCpu(),
                    threads.brokerJit().onCpu(), WINDOW_FROM, extra);
        }

        Result withModelOnlyAfter(double after) {
            return new Result(name, app, format, guarantee, shape, events, modelOnly, after, steady, appCores,
                    brokerCores, threads, extra);
        }
    }

    /**
     * Over a case's window: the application's Streams threads (the stream thread; its idle state updater) on a CPU and
     * runnable but waiting for one, and the cores taken by the JIT compiler threads of the application and the
     * broker (in a fresh JVM they compile for the first minute or more, on the same 2 cores).
     */
    record WindowThreads(ThreadTimes.Cores streams, ThreadTimes.Cores appJit, ThreadTimes.Cores brokerJit) {
    }

    public static void main(String[] args) throws Exception {
        Path appJar = Path.of(args[0]).toAbsolutePath();
        Path benchJar = Path.of(args[1]).toAbsolutePath();
        Path registryJar = args[2].equals("-") ? null : Path.of(args[2]).toAbsolutePath();
        String outFile = args[3];
        String filter = args.length > 4 ? args[4] : ".*";
        int nSmall = Integer.getInteger("bench.n.small", 1_000_000);
        int nLarge = Integer.getInteger("bench.n.large", 30_000);
        List<String> guarantees = List.of(System.getProperty("bench.guarantees", "exactly_once_v2,at_least_once")
                .split(","));
        List<String> formats = List.of(System.getProperty("bench.formats",
                registryJar == null ? "single_object" : "single_object,registry").split(","));
        List<String> shapes = List.of(System.getProperty("bench.shapes", "8-16-1,784-256-10").split(","));
        List<String> apps = List.of(System.getProperty("bench.apps", "streamgrad,passthrough").split(","));
        String extra = System.getProperty("bench.extra", "");
        Path work = System.getProperty("bench.work") != null ? Path.of(System.getProperty("bench.work"))
                : Files.createTempDirectory(Files.createDirectories(Path.of("bench/target")), "deployed-");
        Files.createDirectories(work);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Map<String, Double> modelOnly = new HashMap<>();
        Map<String, PipelineWorkload.ModelOnly> models = new HashMap<>();
        for (String shape : shapes) {
            int n = shape.equals("8-16-1") ? nSmall : nLarge;
            PipelineWorkload.ModelOnly m = new PipelineWorkload.ModelOnly(new PipelineWorkload(shape), 1);
            models.put(shape, m);
            m.measure(Math.min(n, 20_000));
            modelOnly.put(shape, m.measure(n));
            System.out.printf(Locale.ROOT, "model-only %s: %.0f events/s%n", shape, modelOnly.get(shape));
        }

        List<Result> results = new ArrayList<>();
        try (Child broker = startBroker(java, appJar, work);
             Child registry = registryJar == null ? null : startRegistry(java, registryJar, work)) {
            String bootstrap = broker.address;
            int run = 0;
            boolean brokerWarm = !Boolean.parseBoolean(System.getProperty("bench.warmup", "true"));
            for (String format : formats) {
                for (String shape : shapes) {
                    int n = shape.equals("8-16-1") ? nSmall : nLarge;
                    PipelineWorkload w = new PipelineWorkload(shape);
                    String input = "in-" + format + "-" + shape;
                    boolean produced = false;
                    for (String guarantee : guarantees) {
                        for (String app : apps) {
                            String name = app + "/" + format + "/" + guarantee + "/" + shape;
                            if (!name.matches(".*(" + filter + ").*")) {
                                continue;
                            }
                            Map<String, String> props = appProperties(bootstrap, work, "r" + run++, input, guarantee,
                                    w.spec, format.equals("registry") ? registry.address : null, extra);
                            if (!produced) {
                                produce(bootstrap, input, w, n, props);
                                produced = true;
                            }
                            if (!brokerWarm) {
                                warmBroker(java, benchJar, work, broker, input, guarantee, w,
                                        props.get("schema.registry.url"), extra, Math.min(n, WARM_UP_EVENTS));
                                brokerWarm = true;
                            }
                            Result r = measure(java, app.equals("streamgrad") ? List.of("-jar", appJar.toString(),
                                            "run", "--config") : List.of("-cp", benchJar.toString(),
                                            PassthroughApp.class.getName()), props, work, broker, name, app, format,
                                    guarantee, shape, n, modelOnly.get(shape), extra);
                            // about 3 s of the same model (still warm) now that the case's JVM has gone
                            r = r.withModelOnlyAfter(models.get(shape).measure(
                                    (int) Math.max(1_000, 3 * modelOnly.get(shape))));
                            System.out.println("BENCH " + r.json());
                            results.add(r);
                        }
                    }
                }
            }
        }
        BenchIo.writeJson(outFile, results.stream().map(Result::json).toList());
    }

    /**
     * Runs the passthrough over the first case's input once, unmeasured, so that the broker's JVM has compiled its
     * fetch, produce and transaction paths before the first measured case: without it, the first case (always the
     * learner's) ran while the broker's JIT compilers took a third of a core, and the cases after it did not.
     */
    private static void warmBroker(String java, Path benchJar, Path work, Child broker, String input, String guarantee,
                                   PipelineWorkload w, String registryUrl, String extra, int n) throws Exception {
        Map<String, String> props = appProperties(broker.address, work, "warm-up", input, guarantee, w.spec,
                registryUrl, extra);
        Result r = measure(java, List.of("-cp", benchJar.toString(), PassthroughApp.class.getName()), props, work,
                broker, "warm-up", "passthrough", "-", guarantee, "-", n, Double.NaN, extra);
        System.out.printf(Locale.ROOT, "warm-up of the broker (passthrough, %,d events, not a result): %.0f events/s,"
                + " broker's JIT %.2f cores%n", n, r.steady(), r.threads().brokerJit().onCpu());
    }

    /** The file {@code streamgrad run --config} reads: topics of this run, one stream thread, no HTTP endpoint. */
    static Map<String, String> appProperties(String bootstrap, Path work, String run, String input, String guarantee,
                                             String spec, String registryUrl, String extra) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("application.id", "deployed-" + run);
        p.put("bootstrap.servers", bootstrap);
        p.put("processing.guarantee", guarantee);
        p.put("num.stream.threads", "1");
        p.put("state.dir", work.resolve("state-" + run).toString());
        p.put(StreamgradConfig.INPUT_TOPIC_CONFIG, input);
        p.put(StreamgradConfig.PREDICTIONS_TOPIC_CONFIG, "predictions-" + run);
        p.put(StreamgradConfig.SNAPSHOTS_TOPIC_CONFIG, "snapshots-" + run);
        p.put(StreamgradConfig.METRICS_TOPIC_CONFIG, "metrics-" + run);
        p.put(StreamgradConfig.DEAD_LETTER_TOPIC_CONFIG, "dead-letters-" + run);
        p.put(StreamgradConfig.MODEL_SPEC_CONFIG, spec);
        // as BrokerBench: no snapshots, so that the figure is learning's cost (snapshots are a choice of cadence)
        p.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, "0");
        p.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, "0");
        p.put("streamgrad.http.enabled", "false");
        // the interval 'run' would choose by itself, written out so that the passthrough (plain Kafka Streams, whose
        // at-least-once default is 30 s) commits exactly as often as the learner
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Long.toString(CommitCadence.defaultIntervalMs(NetworkSpec.fromJson(spec))));
        if (registryUrl != null) {
            p.put("schema.registry.url", registryUrl);
        }
        for (String kv : extra.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                p.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return p;
    }

    /** Creates the input topic and writes N events in the case's wire format (the registry one registers the schema). */
    private static void produce(String bootstrap, String topic, PipelineWorkload w, int n, Map<String, String> props)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> config = new HashMap<>(props);
        StreamgradLearner learner = StreamgradLearner.create(config);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        pp.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 << 10);
        List<byte[]> values = new ArrayList<>();
        try (Serde<LabeledEvent> serde = learner.valueSerde(LabeledEvent.class)) {
            // re-encode the workload's events in this format (they are single-object encoded)
            Deserializer<LabeledEvent> from = dev.streamgrad.serde.StreamgradSerdes.singleObject(LabeledEvent.class)
                    .deserializer();
            Serializer<LabeledEvent> to = serde.serializer();
            for (byte[] v : w.values) {
                values.add(to.serialize(topic, from.deserialize(topic, v)));
            }
        }
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pp, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] key = "m".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(topic, key, values.get(i & (PipelineWorkload.EVENTS - 1))));
            }
        }
        System.out.printf(Locale.ROOT, "produced %,d events to %s in %.1f s%n", n, topic,
                (System.nanoTime() - t0) / 1e9);
    }

    private static Result measure(String java, List<String> command, Map<String, String> props, Path work,
                                  Child broker, String name, String app, String format, String guarantee,
                                  String shape, int n, double modelOnly, String extra) throws Exception {
        String appId = props.get("application.id");
        String predictions = props.get(StreamgradConfig.PREDICTIONS_TOPIC_CONFIG);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.address))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String key : List.of(StreamgradConfig.PREDICTIONS_TOPIC_CONFIG, StreamgradConfig.SNAPSHOTS_TOPIC_CONFIG,
                    StreamgradConfig.METRICS_TOPIC_CONFIG, StreamgradConfig.DEAD_LETTER_TOPIC_CONFIG)) {
                topics.add(new NewTopic(props.get(key), 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
        Path config = work.resolve(appId + ".properties");
        StringBuilder text = new StringBuilder();
        props.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(config, text);
        List<String> cmd = new ArrayList<>(List.of(java, VECTOR));
        if (Boolean.getBoolean("bench.jfr")) {
            cmd.add("-XX:StartFlightRecording=filename=" + work.resolve(appId + ".jfr") + ",settings=profile");
        }
        cmd.addAll(command);
        cmd.add(config.toString());
        try (Child child = Child.start(cmd, work.resolve(appId + ".log"), null);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.address))) {
            TopicPartition in = new TopicPartition(props.get(StreamgradConfig.INPUT_TOPIC_CONFIG), 0);
            TopicPartition out = new TopicPartition(predictions, 0);
            boolean eos = !guarantee.equals("at_least_once");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            long tMark = 0;
            long done = 0;
            double[] cpuMark = null;
            ThreadTimes appThreads = null;
            ThreadTimes brokerThreads = null;
            while (true) {
                done = eos ? committed(admin, appId, in) : endOffset(admin, out);
                if (tMark == 0 && done >= (long) (n * WINDOW_FROM)) {
                    tMark = System.nanoTime();
                    cpuMark = new double[] {done, child.cpuSeconds(), broker.cpuSeconds()};
                    appThreads = ThreadTimes.of(child.process.pid());
                    brokerThreads = ThreadTimes.of(broker.process.pid());
                }
                if (done >= n) {
                    break;
                }
                if (!child.process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": the application " + (child.process.isAlive()
                            ? "did not finish in 10 minutes" : "exited") + " at " + done + " events; log "
                            + child.log);
                }
                Thread.sleep(eos ? 20 : 5);
            }
            double seconds = (System.nanoTime() - tMark) / 1e9;
            double appCores = (child.cpuSeconds() - cpuMark[1]) / seconds;
            double brokerCores = (broker.cpuSeconds() - cpuMark[2]) / seconds;
            ThreadTimes appNow = ThreadTimes.of(child.process.pid());
            WindowThreads threads = new WindowThreads(appNow.since(appThreads, ThreadTimes.streams(appId), seconds),
                    appNow.since(appThreads, ThreadTimes::compiler, seconds),
                    ThreadTimes.of(broker.process.pid()).since(brokerThreads, ThreadTimes::compiler, seconds));
            return new Result(name, app, format, guarantee, shape, n, modelOnly, Double.NaN,
                    (n - cpuMark[0]) / seconds, appCores, brokerCores, threads, extra);
        }
    }

    private static long committed(Admin admin, String appId, TopicPartition tp) throws Exception {
        OffsetAndMetadata c = admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get().get(tp);
        return c == null ? 0 : c.offset();
    }

    private static long endOffset(Admin admin, TopicPartition tp) throws Exception {
        ListOffsetsResult r = admin.listOffsets(Map.of(tp, OffsetSpec.latest()));
        return r.partitionResult(tp).get().offset();
    }

    private static Child startBroker(String java, Path appJar, Path work) throws Exception {
        int broker = freePort();
        int controller = freePort();
        Path dir = Files.createDirectories(work.resolve("broker"));
        Properties p = EmbeddedKafka.brokerProperties(dir.resolve("data"), broker, controller);
        Path file = dir.resolve("server.properties");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, "DeploymentBench broker");
        }
        Process format = new ProcessBuilder(java, "-cp", appJar.toString(), "kafka.tools.StorageTool", "format",
                "-t", org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", file.toString(), "--standalone")
                .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("StorageTool format failed: " + Files.readString(dir.resolve("format.log")));
        }
        String address = "127.0.0.1:" + broker;
        Child child = Child.start(List.of(java, "-Xms1g", "-Xmx1g", "-cp", appJar.toString(), "kafka.Kafka",
                file.toString()), dir.resolve("broker.log"), address);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", address, "request.timeout.ms", "2000",
                "default.api.timeout.ms", "5000"))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    break;
                } catch (Exception notYet) {
                    if (!child.process.isAlive() || System.nanoTime() > deadline) {
                        child.close();
                        throw new IllegalStateException("the broker did not start; log " + child.log);
                    }
                    Thread.sleep(200);
                }
            }
        }
        System.out.println("broker (own JVM, pid " + child.process.pid() + ") on " + address);
        return child;
    }

    private static Child startRegistry(String java, Path jar, Path work) throws Exception {
        int port = freePort();
        String url = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        Child child = Child.start(List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port, "-jar", jar.toString()), work.resolve("registry.log"), url);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/subjects"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!child.process.isAlive() || System.nanoTime() > deadline) {
                child.close();
                throw new IllegalStateException("the registry did not start; log " + child.log);
            }
            Thread.sleep(200);
        }
        System.out.println("Apicurio Registry (own JVM, pid " + child.process.pid() + ") on " + url);
        return child;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A child JVM; closing it sends SIGTERM and waits (then SIGKILL after 60 s). */
    static final class Child implements AutoCloseable {
        final Process process;
        final Path log;
        final String address;

        private Child(Process process, Path log, String address) {
            this.process = process;
            this.log = log;
            this.address = address;
        }

        static Child start(List<String> command, Path log, String address) throws IOException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Child(p, log, address);
        }

        /** @return user + system CPU seconds of the process so far, from /proc/PID/stat (Linux) */
        double cpuSeconds() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;   // utime, stime in USER_HZ ticks
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
