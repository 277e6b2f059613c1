package dev.streamgrad.deploy.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamgrad export}: read a model's latest snapshot from the snapshot topic and write it to a file. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write the latest snapshot of a model as JSON.",
        description = "Read the latest weight snapshot of a model from the snapshot topic and write it as JSON.",
        footer = {"", "Example: streamgrad export --config app.properties --model-id default --output model.json"})
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The application's properties file (cluster, snapshot topic, registry).")
    Path config;

    @Option(names = "--model-id", paramLabel = "ID", required = true, description = "The model's key.")
    String modelId;

    @Option(names = "--output", paramLabel = "FILE", required = true,
            description = "Where to write the JSON; '-' for stdout.")
    String output;

    @Override
    public Integer call() {
        Checks.readableFile(spec, "--config", config);
        if (modelId.isBlank()) {
            throw Checks.error(spec, "--model-id must not be empty");
        }
        if (!"-".equals(output)) {
            Checks.outputFile(spec, "--output", Path.of(output));
        }
        return NotAvailable.report(spec);
    }
}
