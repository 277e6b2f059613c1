package dev.streamgrad.deploy.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import dev.streamgrad.deploy.config.ApplicationConfigDef;
import dev.streamgrad.deploy.config.CommitCadence;
import dev.streamgrad.deploy.config.ConfigLoadException;
import dev.streamgrad.deploy.config.ConfigLoader;
import dev.streamgrad.deploy.config.DeployConfig;
import dev.streamgrad.deploy.config.LoadedConfig;
import dev.streamgrad.deploy.http.AdminHttpServer;
import dev.streamgrad.deploy.lifecycle.GracefulShutdown;
import dev.streamgrad.model.ModelSizeLimit;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradLearner;
import dev.streamgrad.topology.StreamgradTopology;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamgrad run --config app.properties}: the learning topology against a real cluster, with the
 * HTTP endpoint: loads and validates the configuration (file + environment), builds the training (or, with
 * {@code streamgrad.mode=serving}, the serving) topology, runs it in {@link KafkaStreams} with the HTTP endpoint
 * ({@code /ready} = state {@code RUNNING}) until SIGTERM / Ctrl-C, then closes both.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run the learning topology against a Kafka cluster, with /health, /ready, /metrics.",
        description = {"Run the learning topology against a Kafka cluster, serving /health, /ready and",
            "/metrics over HTTP. Configuration: the file, overridden by environment variables",
            "STREAMGRAD_<KEY> (streamgrad.* keys) and STREAMGRAD_KAFKA_<KEY> (plain Kafka keys);",
            "'_' stands for '.', '__' for '_', '___' for '-'."},
        footer = {"", "Example: streamgrad run --config app.properties",
            "         (with STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS=kafka:9092 overriding bootstrap.servers)"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "Properties file: streamgrad.* keys and Kafka Streams keys.")
    Path config;

    private final Map<String, String> environment;

    /** Reads the process environment. */
    public RunCommand() {
        this(System.getenv());
    }

    RunCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Checks.readableFile(spec, "--config", config);
        LoadedConfig loaded;
        try {
            loaded = new ConfigLoader(ApplicationConfigDef.full()).load(config, environment);
        } catch (ConfigLoadException e) {
            throw Checks.error(spec, e.getMessage());
        }
        Map<String, Object> props = new HashMap<>(loaded.values());
        boolean serving = DeployConfig.MODE_SERVING.equals(loaded.streamgrad().getString(DeployConfig.MODE_CONFIG));
        Topology topology;
        Properties streamsProps;
        StreamgradConfig parsed;
        try {
            // checks beyond the definition (the model spec parses, the warm-start file is readable, ...)
            StreamgradLearner learner = StreamgradLearner.create(props);
            parsed = learner.config();
            DeployConfig.sizeLimit(loaded.streamgrad()).check(parsed.networkSpec());
            if (!serving) {
                CommitCadence.applyDefault(props, parsed.networkSpec());   // unless configured: by model size
            }
            topology = serving ? StreamgradTopology.serving(props) : StreamgradTopology.training(learner);
            streamsProps = StreamgradTopology.streamsProperties(props);
            new StreamsConfig(streamsProps);     // application.id, bootstrap.servers, Kafka Streams' own checks
        } catch (ConfigException e) {
            throw Checks.error(spec, describe(e, loaded));
        } catch (ModelSizeLimit.ModelTooLargeException e) {
            throw Checks.error(spec, "invalid configuration (" + StreamgradConfig.MODEL_SPEC_CONFIG + "): "
                    + e.getMessage());
        }
        if (!serving && parsed.replicated()) {
            checkReplicaTopics(streamsProps, parsed);
        }
        InetSocketAddress httpAddress = DeployConfig.httpAddress(loaded.streamgrad());
        java.io.PrintWriter out = spec.commandLine().getOut();
        GracefulShutdown shutdown = GracefulShutdown.install(Duration.ofSeconds(60));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        KafkaStreams streams = null;
        AdminHttpServer http = null;
        try {
            streams = new KafkaStreams(topology, streamsProps);
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            KafkaStreams running = streams;
            if (httpAddress != null) {
                http = AdminHttpServer.start(httpAddress, () -> running.state() == KafkaStreams.State.RUNNING,
                        running::metrics);
            }
            streams.start();
            out.println("streamgrad run: " + (serving ? "serving" : "training") + " topology, application "
                    + streamsProps.get(StreamsConfig.APPLICATION_ID_CONFIG) + ", input " + parsed.inputTopic()
                    + ", bootstrap servers " + streamsProps.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + (streamsProps.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG) == null ? ""
                            : ", commit.interval.ms " + streamsProps.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
                    + (http == null ? ", HTTP endpoint off" : ", HTTP endpoint on " + httpAddress.getHostString() + ":"
                    + http.port() + " (/health, /ready, /metrics)") + "; stop with Ctrl-C or SIGTERM");
            out.flush();
            while (!shutdown.awaitStopRequest(Duration.ofMillis(500))) {
                KafkaStreams.State state = streams.state();
                if (failure.get() != null || state == KafkaStreams.State.ERROR
                        || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_ERROR) {
                    Throwable t = failure.get();
                    return Failure.report(spec, "Kafka Streams stopped (state " + state + ")"
                            + (t == null ? "" : ": " + t));
                }
            }
            out.println("streamgrad run: stopping");
            out.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            return Failure.report(spec, "cannot start the HTTP endpoint on " + httpAddress + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Failure.report(spec, "interrupted");
        } catch (KafkaException e) {
            return Failure.report(spec, e.toString());
        } finally {
            if (http != null) {
                http.close();
            }
            if (streams != null) {
                streams.close(Duration.ofSeconds(30));
            }
            shutdown.done();
        }
    }

    /** @return one line naming the key, its value's origin and the reason */
    private static String describe(ConfigException e, LoadedConfig loaded) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        for (String key : loaded.values().keySet()) {
            if (message.contains(key) && loaded.origin(key) != null) {
                return "invalid configuration (" + key + " from " + loaded.origin(key) + "): " + message;
            }
        }
        return "invalid configuration: " + message;
    }

    /** The replicated mode's start-up check ({@link dev.streamgrad.topology.ReplicaTopics}): a clear error, exit 2. */
    private void checkReplicaTopics(Properties streamsProps, StreamgradConfig parsed) {
        Properties admin = new Properties();
        streamsProps.forEach((k, v) -> {
            if (org.apache.kafka.clients.admin.AdminClientConfig.configNames().contains(String.valueOf(k))) {
                admin.put(k, v);
            }
        });
        try (org.apache.kafka.clients.admin.Admin client = org.apache.kafka.clients.admin.Admin.create(admin)) {
            dev.streamgrad.topology.ReplicaTopics.check(client, parsed, Duration.ofSeconds(30));
        } catch (ConfigException e) {
            throw Checks.error(spec, e.getMessage());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw Checks.error(spec, "cannot check the replicated mode's topics: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Checks.error(spec, "interrupted");
        }
    }
}
