package dev.streamgrad.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.streamgrad.deploy.data.DataFormatException;
import dev.streamgrad.deploy.data.ExampleSource;
import dev.streamgrad.deploy.offline.EventProducer;
import dev.streamgrad.serde.avro.LabeledEvent;
import org.apache.kafka.common.serialization.Serde;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamgrad produce}: write labeled events (synthetic or from a file) to an input topic as Avro
 * {@code LabeledEvent}s keyed by the model id — in the Confluent wire format when the {@code --config} file sets
 * {@code schema.registry.url}, otherwise in the registry-free single-object encoding.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write labeled events (synthetic or from a file) to a topic.",
        description = {"Write labeled events to a topic, from a built-in generator or a data file, as Avro",
            "LabeledEvent records keyed by --model-id: the input format the learning topology reads.",
            "Wire format: Confluent (magic byte, schema id) when the --config file sets schema.registry.url,",
            "otherwise Avro single-object encoding (no registry). Other keys of the file (security, acks, ...)",
            "go to the producer. Prints the number of events and the time taken."},
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

    @Option(names = "--model-id", paramLabel = "ID", defaultValue = "default",
            description = "The records' key: the model they train (default: ${DEFAULT-VALUE}).")
    String modelId;

    @Option(names = "--class-labels",
            description = "Write each label as an int class index (for a cross_entropy model) instead of a double.")
    boolean classLabels;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with producer and serde keys, e.g. schema.registry.url (optional).")
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
        if (modelId.isBlank()) {
            throw Checks.error(spec, "--model-id must not be empty");
        }
        long max = events != null ? events : dataOptions.fromFile() ? Long.MAX_VALUE : DEFAULT_SYNTHETIC_EVENTS;
        try (ExampleSource source = dataOptions.open()) {
            ClientSettings settings = ClientSettings.load(config);
            try (Serde<LabeledEvent> serde = settings.valueSerde(LabeledEvent.class)) {
                EventProducer.Result r = new EventProducer(settings.clientProperties(bootstrapServers),
                        serde.serializer()).send(source, topic, modelId, max, rate, classLabels);
                spec.commandLine().getOut().println(String.format(Locale.ROOT,
                        "produced %d events to %s (key %s, %s) in %.2f s (%.0f events/s)", r.events(), topic, modelId,
                        settings.wireFormat(), r.nanos() / 1e9, r.rate()));
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            return Failure.report(spec, e.toString());
        } catch (DataFormatException | IllegalArgumentException | IllegalStateException
                 | org.apache.kafka.common.KafkaException e) {
            return Failure.report(spec, e.getMessage());
        }
    }

    /** Events sent from a synthetic task when {@code --events} is not given. */
    static final long DEFAULT_SYNTHETIC_EVENTS = 10_000;
}
