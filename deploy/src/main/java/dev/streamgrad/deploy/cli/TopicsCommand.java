package dev.streamgrad.deploy.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.streamgrad.deploy.config.ApplicationConfigDef;
import dev.streamgrad.deploy.config.ConfigLoadException;
import dev.streamgrad.deploy.config.ConfigLoader;
import dev.streamgrad.deploy.config.LoadedConfig;
import dev.streamgrad.topology.StreamgradConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamgrad topics}: creates the topics that {@code run} reads and writes, named by the same configuration,
 * with the cleanup policy each needs. Kafka Streams creates its own internal topics (the model store's changelog,
 * compacted; repartition topics) itself.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Create the topics that 'run' uses.",
        description = {"Create the input, predictions, snapshot, metrics and dead-letter topics (and with",
            "streamgrad.replicated=true the sync topic, with the input's partition count) named by the",
            "--config file (and STREAMGRAD_* environment variables, as 'run' reads them). The snapshot topic is",
            "compacted (the latest snapshot of each model is kept) with max.message.bytes above",
            "streamgrad.snapshot.chunk.bytes; the others use the broker's delete policy. A topic that exists is",
            "left as it is; an existing snapshot topic that is not compacted is an error (exit 1)."},
        footer = {"", "Example: streamgrad topics --config app.properties --partitions 6 --replication-factor 3"})
public final class TopicsCommand implements Callable<Integer> {

    /** Room above a chunk for the record's key, headers and batch overhead. */
    static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The application's properties file (as for 'run'): bootstrap.servers, client keys,"
                    + " topic names.")
    Path config;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "1",
            description = "Partitions of each topic (default: ${DEFAULT-VALUE}). The input's partitions bound"
                    + " how many instances share the work (records are keyed by model id).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "R", defaultValue = "-1",
            description = "Replication factor; -1 for the broker's default.replication.factor (default: -1).")
    short replicationFactor;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up talking to the broker after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    public TopicsCommand() {
        this(System.getenv());
    }

    TopicsCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Checks.readableFile(spec, "--config", config);
        Checks.atLeast(spec, "--partitions", partitions, 1);
        if (replicationFactor != -1) {
            Checks.atLeast(spec, "--replication-factor", replicationFactor, 1);
        }
        Checks.atLeast(spec, "--timeout", timeoutSeconds, 1);
        LoadedConfig loaded;
        StreamgradConfig parsed;
        try {
            loaded = new ConfigLoader(ApplicationConfigDef.full()).load(config, environment);
            parsed = new StreamgradConfig(loaded.values());
        } catch (ConfigLoadException | ConfigException e) {
            throw Checks.error(spec, e.getMessage());
        }
        Properties admin = new Properties();
        loaded.kafkaProperties().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(String.valueOf(k))) {
                admin.put(k, v);
            }
        });
        if (admin.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            throw Checks.error(spec, "no bootstrap.servers in " + config + " or STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS");
        }
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE,
                TimeUnit.SECONDS.toMillis(timeoutSeconds)));
        List<NewTopic> topics = topics(parsed);
        java.io.PrintWriter out = spec.commandLine().getOut();
        try (Admin client = Admin.create(admin)) {
            var results = client.createTopics(topics).values();
            for (NewTopic t : topics) {
                try {
                    results.get(t.name()).get(timeoutSeconds, TimeUnit.SECONDS);
                    out.println("created " + describe(t));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        return Failure.report(spec, "cannot create topic " + t.name() + ": " + e.getCause());
                    }
                    out.println("exists  " + t.name() + " (left as it is)");
                }
            }
            ConfigResource snapshots = new ConfigResource(ConfigResource.Type.TOPIC, parsed.snapshotsTopic());
            Config c = client.describeConfigs(List.of(snapshots)).all().get(timeoutSeconds, TimeUnit.SECONDS)
                    .get(snapshots);
            String policy = c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                return Failure.report(spec, "the snapshot topic " + parsed.snapshotsTopic() + " has cleanup.policy="
                        + policy + ": it must be compacted (kafka-configs --alter --entity-type topics --entity-name "
                        + parsed.snapshotsTopic() + " --add-config cleanup.policy=compact), or snapshots expire");
            }
        } catch (ExecutionException e) {
            return Failure.report(spec, String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            return Failure.report(spec, "no answer from the broker within " + timeoutSeconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Failure.report(spec, "interrupted");
        } catch (KafkaException e) {
            return Failure.report(spec, e.toString());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** @return the topics {@code run} needs for this configuration, in data-flow order */
    List<NewTopic> topics(StreamgradConfig c) {
        Optional<Integer> p = Optional.of(partitions);
        Optional<Short> r = replicationFactor == -1 ? Optional.empty() : Optional.of(replicationFactor);
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(c.inputTopic(), p, r));
        if (!c.labelsTopic().isEmpty()) {
            topics.add(new NewTopic(c.labelsTopic(), p, r));   // the same partition count: a label meets its model
        }
        topics.add(new NewTopic(c.predictionsTopic(), p, r));
        long maxMessage = Math.max(1_048_588L, (long) c.snapshotChunkBytes() + RECORD_OVERHEAD_BYTES);
        topics.add(new NewTopic(c.snapshotsTopic(), p, r).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(Math.min(Integer.MAX_VALUE, maxMessage)))));
        topics.add(new NewTopic(c.metricsTopic(), p, r));
        topics.add(new NewTopic(c.deadLetterTopic(), p, r));
        if (c.replicated()) {   // co-partitioned with the input; its records are chunks of up to snapshot.chunk.bytes
            topics.add(new NewTopic(c.syncTopic(), p, r).configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    Long.toString(Math.min(Integer.MAX_VALUE, maxMessage)))));
        }
        return topics;
    }

    private static String describe(NewTopic t) {
        return t.name() + " (" + t.numPartitions() + " partitions"
                + (t.replicationFactor() == -1 ? "" : ", replication factor " + t.replicationFactor())
                + (t.configs() == null || t.configs().isEmpty() ? "" : ", " + new java.util.TreeMap<>(t.configs()))
                + ")";
    }
}
