package dev.streamgrad.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;

import dev.streamgrad.deploy.data.DataFiles;
import dev.streamgrad.deploy.data.DriftSchedule;
import dev.streamgrad.deploy.data.DriftingRegressionTask;
import dev.streamgrad.deploy.data.ExampleSource;
import dev.streamgrad.deploy.data.SpiralsTask;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where examples come from, shared by {@code demo} and {@code produce}: a data file ({@code --data}) or a
 * built-in synthetic task ({@code --task} and its knobs). {@link #check} validates the combination;
 * {@link #open()} then opens the source.
 */
public final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE",
            description = "Read examples from a .csv (numeric, optional header) or .jsonl file"
                    + " ({\"features\":[...],\"label\":n} per line) instead of a synthetic task.")
    Path data;

    @Option(names = "--label-column", paramLabel = "COL",
            description = "CSV only: the label column, a header name or a 0-based index (default: the last).")
    String labelColumn;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "spirals",
            description = "Synthetic task: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Task task;

    @Option(names = "--features", paramLabel = "N", defaultValue = "2",
            description = "Synthetic task: number of features, 2 to 8 (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--drift-at", paramLabel = "EVENT", split = ",", defaultValue = "10000",
            description = "Synthetic task: event indices where the concept changes, comma-separated and"
                    + " increasing (default: ${DEFAULT-VALUE}).")
    long[] driftAt;

    @Option(names = "--no-drift", description = "Synthetic task: no concept drift.")
    boolean noDrift;

    @Option(names = "--noise", paramLabel = "SIGMA", defaultValue = "0.05",
            description = "Synthetic task: standard deviation of the noise (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Synthetic task: random seed; the same seed gives the same data (default: ${DEFAULT-VALUE}).")
    long seed;

    /**
     * @param spec the command, for error messages
     * @throws picocli.CommandLine.ParameterException on a bad value or combination
     */
    void check(CommandSpec spec) {
        var parsed = spec.commandLine().getParseResult();
        if (data != null) {
            Checks.dataFile(spec, "--data", data);
            for (String synthetic : new String[] {"--task", "--features", "--drift-at", "--no-drift", "--noise",
                "--seed"}) {
                if (parsed.hasMatchedOption(synthetic)) {
                    throw Checks.error(spec, synthetic + " applies to a synthetic task and cannot be used with --data");
                }
            }
            if (labelColumn != null && !data.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                    .endsWith(".csv")) {
                throw Checks.error(spec, "--label-column applies to CSV files only");
            }
            return;
        }
        if (labelColumn != null) {
            throw Checks.error(spec, "--label-column needs --data");
        }
        Checks.between(spec, "--features", features, SpiralsTask.MIN_DIMENSION, SpiralsTask.MAX_DIMENSION);
        Checks.nonNegative(spec, "--noise", noise);
        if (noDrift && parsed.hasMatchedOption("--drift-at")) {
            throw Checks.error(spec, "--no-drift and --drift-at exclude each other");
        }
        try {
            drift();
        } catch (IllegalArgumentException e) {
            throw Checks.error(spec, "--drift-at: " + e.getMessage());
        }
    }

    /** @return whether the examples come from a file */
    public boolean fromFile() {
        return data != null;
    }

    /**
     * @return a new source of examples; the caller closes it
     * @throws IOException if the data file cannot be opened
     */
    public ExampleSource open() throws IOException {
        if (data != null) {
            return DataFiles.open(data, labelColumn);
        }
        return switch (task) {
            case spirals -> new SpiralsTask(features, noise, drift(), seed);
            case regression -> new DriftingRegressionTask(features, noise, drift(), seed);
        };
    }

    private DriftSchedule drift() {
        return noDrift ? DriftSchedule.none() : DriftSchedule.at(driftAt);
    }
}
