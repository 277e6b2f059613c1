package dev.streamgrad.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.streamgrad.deploy.data.DataFiles;
import dev.streamgrad.deploy.data.DataFormatException;
import dev.streamgrad.deploy.data.ExampleSource;
import dev.streamgrad.deploy.offline.OfflineTrainer;
import dev.streamgrad.deploy.offline.SnapshotFiles;
import dev.streamgrad.deploy.report.LearningCurvePlot;
import dev.streamgrad.deploy.report.Point;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.ModelSizeLimit;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.optim.OptimizerType;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamgrad train}: learn a model offline from a data file with the model engine (no Kafka), print the
 * loss of each pass, and write the model as a snapshot file ({@link SnapshotFiles}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Train a model offline from a data file (no Kafka).",
        description = {"Train a model offline from a .csv or .jsonl file (no Kafka) with the engine of the",
            "topology, per event or in micro-batches (--batch), for --epochs passes over the file; print each",
            "pass's prequential mean loss (and accuracy for classifiers); write the model's complete state as a",
            "snapshot file: --format snapshot (default) is an Avro single-object WeightSnapshot, the bytes of a",
            "snapshot-topic record without a registry; --format state is ModelStateCodec bytes, what",
            "streamgrad.warm.start.file reads. 'streamgrad export --from-file' turns either into JSON.",
            "The network: --spec FILE (NetworkSpec JSON), or --layers with --loss, --optimizer,",
            "--learning-rate and --seed. The label is a class index for cross_entropy, else the one target."},
        footer = {"", "Example: streamgrad train --data d.csv --layers 2,16:tanh,1:identity --epochs 20 --output m.snapshot"})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "The training data (.csv or .jsonl).")
    Path data;

    @Option(names = "--label-column", paramLabel = "COL",
            description = "CSV only: the label column, a header name or a 0-based index (default: the last).")
    String labelColumn;

    @Option(names = "--spec", paramLabel = "FILE",
            description = "The network as NetworkSpec JSON ({\"input_size\":2,\"layers\":[...],\"loss\":...}).")
    Path specFile;

    @Option(names = "--layers", paramLabel = "D,N:ACT,...",
            description = "Or the network's layers in compact form, e.g. 2,16:tanh,1:identity.")
    String layers;

    @Option(names = "--loss", paramLabel = "LOSS", defaultValue = "squared_error",
            description = "With --layers: squared_error, absolute_error, huber(δ), binary_cross_entropy or"
                    + " cross_entropy (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--optimizer", paramLabel = "TYPE", defaultValue = "sgd",
            description = "With --layers: sgd, momentum, adagrad, rmsprop or adam, default hyperparameters"
                    + " (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--learning-rate", paramLabel = "ETA", defaultValue = "0.01",
            description = "With --layers: the learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "With --layers: seed of the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", paramLabel = "M", defaultValue = "1",
            description = "Events per update: 1 learns per event, M > 1 in micro-batches of M (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1",
            description = "Passes over the file (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--model-id", paramLabel = "ID", defaultValue = "default",
            description = "The model id stored in the snapshot (default: ${DEFAULT-VALUE}).")
    String modelId;

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "Where to write the snapshot file.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "snapshot",
            description = "The file format: snapshot or state (default: ${DEFAULT-VALUE}).")
    SnapshotFiles.Format format;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also write the loss per pass as a PNG image.")
    Path plot;

    @Option(names = "--max-values", paramLabel = "N",
            description = "Refuse a network whose weights, biases and optimiser slots exceed N doubles (default: the"
                    + " system property " + ModelSizeLimit.KEY + ", else an eighth of the maximum heap).")
    Long maxValues;

    @Override
    public Integer call() {
        Checks.dataFile(spec, "--data", data);
        if (labelColumn != null && !data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw Checks.error(spec, "--label-column applies to CSV files only");
        }
        NetworkSpec network = network();
        Checks.modelFits(spec, network, maxValues);
        Checks.atLeast(spec, "--batch", batch, 1);
        Checks.atLeast(spec, "--epochs", epochs, 1);
        if (modelId.isBlank()) {
            throw Checks.error(spec, "--model-id must not be empty");
        }
        Checks.outputFile(spec, "--output", output);
        if (plot != null) {
            Checks.pngFile(spec, "--plot", plot);
        }
        PrintWriter out = spec.commandLine().getOut();
        Model model = Model.create(network);
        OfflineTrainer trainer;
        try {
            trainer = new OfflineTrainer(model, batch);
        } catch (IllegalArgumentException e) {
            throw Checks.error(spec, e.getMessage());
        }
        List<Point> curve = new ArrayList<>();
        OfflineTrainer.Pass last = null;
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            try (ExampleSource source = DataFiles.open(data, labelColumn)) {
                last = trainer.pass(source);
            } catch (IOException e) {
                return Failure.report(spec, "cannot read " + data + ": " + e);
            } catch (DataFormatException | IllegalArgumentException | IllegalStateException e) {
                return Failure.report(spec, "epoch " + epoch + ": " + e.getMessage());
            }
            if (last.events() == 0) {
                return Failure.report(spec, data + " holds no examples");
            }
            out.println(String.format(Locale.ROOT, "epoch %d/%d: %d events, mean loss %.6g%s", epoch, epochs,
                    last.events(), last.meanLoss(), Double.isNaN(last.accuracy()) ? ""
                            : String.format(Locale.ROOT, ", accuracy %.4f", last.accuracy())));
            if (Double.isFinite(last.meanLoss())) {
                curve.add(new Point(model.events(), last.meanLoss(), last.accuracy()));
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", last.meanLoss());
        if (!Double.isNaN(last.accuracy())) {
            metrics.put("accuracy", last.accuracy());
        }
        WeightSnapshot snapshot = WeightSnapshots.fromModelState(modelId, Instant.now(), model.state(), metrics);
        try {
            SnapshotFiles.write(output, format, snapshot);
            if (plot != null && !curve.isEmpty()) {
                LearningCurvePlot.write(plot, curve);
            }
        } catch (IOException e) {
            return Failure.report(spec, "cannot write " + e.getMessage());
        }
        out.println(String.format(Locale.ROOT, "wrote model '%s' (%d updates, %d events) to %s (%s format) in %.2f s",
                modelId, model.updates(), model.events(), output, format.name().toLowerCase(Locale.ROOT),
                (System.nanoTime() - start) / 1e9));
        return ExitCodes.OK;
    }

    private NetworkSpec network() {
        var parsed = spec.commandLine().getParseResult();
        if ((specFile == null) == (layers == null)) {
            throw Checks.error(spec, "give the network with exactly one of --spec FILE and --layers D,N:ACT,...");
        }
        if (specFile != null) {
            for (String o : new String[] {"--loss", "--optimizer", "--learning-rate", "--seed"}) {
                if (parsed.hasMatchedOption(o)) {
                    throw Checks.error(spec, o + " applies to --layers; a --spec file holds its own");
                }
            }
            Checks.readableFile(spec, "--spec", specFile);
            try {
                return NetworkSpec.fromJson(Files.readString(specFile, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw Checks.error(spec, "--spec: cannot read " + specFile + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw Checks.error(spec, "--spec " + specFile + ": " + e.getMessage());
            }
        }
        try {
            OptimizerType type = OptimizerType.parse(optimizer);
            return NetworkSpec.builder().layers(layers).loss(loss)
                    .optimizer(OptimizerSpec.of(type, learningRate)).seed(seed).build();
        } catch (IllegalArgumentException e) {
            throw Checks.error(spec, "invalid network: " + e.getMessage());
        }
    }
}
