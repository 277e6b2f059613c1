package dev.streamgrad.deploy.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamgrad train}: train a model offline from a data file, without Kafka, and save it. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Train a model offline from a data file (no Kafka).",
        description = {"Train a model offline from a .csv or .jsonl file (no Kafka), prequentially, and",
            "write its snapshot as JSON (to seed a topology, or to compare with the streaming run)."},
        footer = {"", "Example: streamgrad train --data data.csv --epochs 3 --output model.json"})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "The training data (.csv or .jsonl).")
    Path data;

    @Option(names = "--label-column", paramLabel = "COL",
            description = "CSV only: the label column, a header name or a 0-based index (default: the last).")
    String labelColumn;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1",
            description = "Passes over the file (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "Where to write the model (JSON).")
    Path output;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also write the learning curve as a PNG image.")
    Path plot;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with streamgrad.* model keys (optional).")
    Path config;

    @Override
    public Integer call() {
        Checks.dataFile(spec, "--data", data);
        if (labelColumn != null && !data.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            throw Checks.error(spec, "--label-column applies to CSV files only");
        }
        Checks.atLeast(spec, "--epochs", epochs, 1);
        Checks.outputFile(spec, "--output", output);
        if (plot != null) {
            Checks.pngFile(spec, "--plot", plot);
        }
        if (config != null) {
            Checks.readableFile(spec, "--config", config);
        }
        return NotAvailable.report(spec);
    }
}
