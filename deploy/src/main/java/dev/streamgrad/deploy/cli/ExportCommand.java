package dev.streamgrad.deploy.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.streamgrad.deploy.offline.SnapshotFiles;
import dev.streamgrad.deploy.offline.SnapshotTopicReader;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.WeightsJson;
import dev.streamgrad.onnx.OnnxExporter;
import dev.streamgrad.onnx.OnnxPrecision;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serde;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamgrad export}: the latest snapshot of a model — from the snapshot topic, or from a snapshot file —
 * written as weights JSON ({@link WeightsJson}) or as an ONNX model ({@link OnnxExporter}, {@code --format onnx}).
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write the latest snapshot of a model as JSON or ONNX.",
        description = {"Read the latest weight snapshot of a model and write its weights as JSON (the",
            "streamgrad-weights format: spec, weights, biases, scaler; no optimiser state), or with",
            "--format onnx as an ONNX model (IR version 7, opset 13; input x [N, d], output y [N, k] =",
            "what the model predicts, input scaling included) for any ONNX runtime.",
            "From a topic: every partition is read from the beginning to its end offset (read_committed), the",
            "last record keyed --model-id is kept; the --config file gives client and serde keys",
            "(schema.registry.url: Confluent wire format; none: single-object encoding) and may name the",
            "topic (streamgrad.snapshots.topic). From a file (--from-file): a file written by 'train'."},
        footer = {"", "Example: streamgrad export --config app.properties --model-id default --output model.json",
            "         streamgrad export --from-file model.snapshot --output -",
            "         streamgrad export --from-file model.snapshot --format onnx --output model.onnx"})
public final class ExportCommand implements Callable<Integer> {

    /** The topology's default snapshot topic. */
    static final String DEFAULT_TOPIC = "streamgrad-snapshots";
    /** The key of the snapshot topic in the application's properties (the topology's). */
    static final String SNAPSHOTS_TOPIC_KEY = "streamgrad.snapshots.topic";

    @Spec
    CommandSpec spec;

    @Option(names = "--model-id", paramLabel = "ID",
            description = "The model's key. Required with a topic; with --from-file, checked against the file's.")
    String modelId;

    @Option(names = "--from-file", paramLabel = "FILE",
            description = "Read a snapshot file (written by 'train') instead of a topic.")
    Path fromFile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: bootstrap.servers, client and serde keys, streamgrad.snapshots.topic.")
    Path config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: the --config file's bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME",
            description = "The snapshot topic (default: the --config file's streamgrad.snapshots.topic, else "
                    + DEFAULT_TOPIC + ").")
    String topic;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up reading the topic after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--output", paramLabel = "FILE", required = true,
            description = "Where to write the model; '-' for stdout (JSON only).")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (weights JSON) or onnx (an ONNX model). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--precision", paramLabel = "TYPE",
            description = "With --format onnx: float64 (default, the model's own precision) or float32.")
    String precision;

    @Override
    public Integer call() {
        if (modelId != null && modelId.isBlank()) {
            throw Checks.error(spec, "--model-id must not be empty");
        }
        boolean onnx = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "json" -> false;
            case "onnx" -> true;
            default -> throw Checks.error(spec, "--format must be json or onnx, got '" + format + "'");
        };
        OnnxPrecision onnxPrecision = OnnxPrecision.FLOAT64;
        if (precision != null) {
            if (!onnx) {
                throw Checks.error(spec, "--precision applies to --format onnx only");
            }
            try {
                onnxPrecision = OnnxPrecision.parse(precision);
            } catch (IllegalArgumentException e) {
                throw Checks.error(spec, "--precision: " + e.getMessage());
            }
        }
        if (onnx && "-".equals(output)) {
            throw Checks.error(spec, "--output - (stdout) is for JSON; give a file for --format onnx");
        }
        if (!"-".equals(output)) {
            Checks.outputFile(spec, "--output", Path.of(output));
        }
        WeightSnapshot snapshot;
        String from;
        if (fromFile != null) {
            for (String topicOption : new String[] {"--config", "--bootstrap-servers", "--topic", "--timeout"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(topicOption)) {
                    throw Checks.error(spec, topicOption + " reads a topic and cannot be used with --from-file");
                }
            }
            Checks.readableFile(spec, "--from-file", fromFile);
            try {
                snapshot = SnapshotFiles.read(fromFile, modelId == null ? "default" : modelId);
            } catch (IOException | IllegalArgumentException e) {
                return Failure.report(spec, e.getMessage());
            }
            if (modelId != null && !modelId.equals(snapshot.getModelId())) {
                return Failure.report(spec, fromFile + " holds model '" + snapshot.getModelId() + "', not '"
                        + modelId + "'");
            }
            from = fromFile.toString();
        } else {
            if (modelId == null) {
                throw Checks.error(spec, "--model-id is required to read a topic (or give --from-file FILE)");
            }
            if (config != null) {
                Checks.readableFile(spec, "--config", config);
            }
            if (bootstrapServers != null) {
                Checks.hostPorts(spec, "--bootstrap-servers", bootstrapServers);
            }
            Checks.atLeast(spec, "--timeout", timeoutSeconds, 1);
            ClientSettings settings;
            try {
                settings = ClientSettings.load(config);
            } catch (IOException | IllegalArgumentException e) {
                throw Checks.error(spec, "--config: cannot read " + config + ": " + e.getMessage());
            }
            if (bootstrapServers == null && settings.get("bootstrap.servers") == null) {
                throw Checks.error(spec, "no bootstrap servers: give --bootstrap-servers, or bootstrap.servers in"
                        + " --config, or --from-file FILE");
            }
            String name = topic != null ? topic
                    : settings.get(SNAPSHOTS_TOPIC_KEY) != null ? settings.get(SNAPSHOTS_TOPIC_KEY) : DEFAULT_TOPIC;
            try (Serde<WeightSnapshot> serde = settings.valueSerde(WeightSnapshot.class)) {
                SnapshotTopicReader.Result<WeightSnapshot> r = new SnapshotTopicReader<>(
                        settings.clientProperties(bootstrapServers), serde.deserializer(),
                        Duration.ofSeconds(timeoutSeconds)).latest(name, modelId);
                if (r.value() == null) {
                    return Failure.report(spec, "no snapshot of model '" + modelId + "' in topic " + name + " ("
                            + r.recordsRead() + " records read from " + r.partitions() + " partitions)");
                }
                snapshot = r.value();
            } catch (IllegalStateException | KafkaException e) {
                return Failure.report(spec, e.getMessage());
            }
            from = "topic " + name;
        }
        ModelState state;
        try {
            state = WeightSnapshots.toModelState(snapshot);
        } catch (IllegalArgumentException e) {
            return Failure.report(spec, "the snapshot of model '" + snapshot.getModelId() + "' is not valid: "
                    + e.getMessage());
        }
        if (onnx) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(output)))) {
                new OnnxExporter(onnxPrecision).write(snapshot.getModelId().toString(), state, out);
            } catch (IOException | IllegalArgumentException e) {
                deletePartial(Path.of(output));
                return Failure.report(spec, "cannot write " + output + ": " + e.getMessage());
            }
            spec.commandLine().getOut().println("exported model '" + snapshot.getModelId() + "' version "
                    + snapshot.getVersion() + " (" + snapshot.getEvents() + " events learned) from " + from
                    + " to " + output + " as ONNX (opset " + OnnxExporter.OPSET + ", " + onnxPrecision.label() + ")");
            return ExitCodes.OK;
        }
        String json = WeightsJson.toJson(state);
        if ("-".equals(output)) {
            spec.commandLine().getOut().println(json);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(Path.of(output), json + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                return Failure.report(spec, "cannot write " + output + ": " + e);
            }
            spec.commandLine().getOut().println("exported model '" + snapshot.getModelId() + "' version "
                    + snapshot.getVersion() + " (" + snapshot.getEvents() + " events learned) from " + from
                    + " to " + output);
        }
        return ExitCodes.OK;
    }

    /** A failed ONNX write leaves no half-written file that could be served. */
    private static void deletePartial(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the failure being reported matters more; the path is named in it
        }
    }
}
