package dev.streamgrad.deploy.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamgrad produce}: write labeled events (synthetic or from a file) to an input topic. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write labeled events (synthetic or from a file) to a topic.",
        description = {"Write labeled events to a topic, from a built-in generator or a data file,",
            "in the input format the learning topology reads."},
        footer = {"", "Example: streamgrad produce --bootstrap-servers localhost:9092 --topic events --events 50000"})
public final class ProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", required = true,
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME", required = true, description = "Topic to write to.")
    String topic;

    @Option(names = "--events", paramLabel = "N",
            description = "Number of events (default: 10000 from a generator, the whole file with --data).")
    Long events;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "0",
            description = "Throttle to this many events per second; 0 for as fast as possible (default).")
    double rate;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with producer and serde keys (optional).")
    Path config;

    @Override
    public Integer call() {
        Checks.hostPorts(spec, "--bootstrap-servers", bootstrapServers);
        if (topic.isBlank()) {
            throw Checks.error(spec, "--topic must not be empty");
        }
        if (events != null) {
            Checks.atLeast(spec, "--events", events, 1);
        }
        Checks.nonNegative(spec, "--rate", rate);
        dataOptions.check(spec);
        if (config != null) {
            Checks.readableFile(spec, "--config", config);
        }
        return NotAvailable.report(spec);
    }
}
