package dev.streamgrad.deploy.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.streamgrad.deploy.config.ApplicationConfigDef;
import dev.streamgrad.deploy.config.ConfigLoadException;
import dev.streamgrad.deploy.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamgrad run --config app.properties}: the learning topology against a real cluster, with the
 * HTTP endpoint. The configuration is loaded and validated for real; the topology is not wired yet.
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
        try {
            new ConfigLoader(ApplicationConfigDef.full()).load(config, environment);
        } catch (ConfigLoadException e) {
            throw Checks.error(spec, e.getMessage());
        }
        return NotAvailable.report(spec);
    }
}
