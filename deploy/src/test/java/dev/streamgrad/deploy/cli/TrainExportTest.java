package dev.streamgrad.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import dev.streamgrad.deploy.offline.SnapshotFiles;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.WeightsJson;
import dev.streamgrad.serde.avro.WeightSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} and {@code export --from-file} end to end through the command line: the trained weights are
 * compared, bit for bit, with a model trained directly with the {@link Model} API on the same rows.
 */
class TrainExportTest {

    private static final Pattern EPOCH = Pattern.compile(
            "epoch (\\d+)/(\\d+): (\\d+) events, mean loss (\\S+?)(?:, accuracy (\\S+))?\\n");

    @TempDir
    Path dir;

    /** y = 0.8 x0 - 0.5 x1 + 0.3, x uniform in [-1, 1]^2, no noise; written with exact decimal doubles. */
    private static List<double[]> regressionRows(int n) {
        Random r = new Random(11);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x0 = 2 * r.nextDouble() - 1;
            double x1 = 2 * r.nextDouble() - 1;
            rows.add(new double[] {x0, x1, 0.8 * x0 - 0.5 * x1 + 0.3});
        }
        return rows;
    }

    /** Class 1 if x0 + x1 > 0, else 0 (linearly separable). */
    private static List<double[]> classificationRows(int n) {
        Random r = new Random(5);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x0 = 2 * r.nextDouble() - 1;
            double x1 = 2 * r.nextDouble() - 1;
            rows.add(new double[] {x0, x1, x0 + x1 > 0 ? 1 : 0});
        }
        return rows;
    }

    private Path csv(String name, List<double[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder("x0,x1,y\n");
        for (double[] row : rows) {
            sb.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    private static List<MatchResult> epochs(String out) {
        return EPOCH.matcher(out).results().toList();
    }

    private static void assertSameWeights(ModelState expected, ModelState actual) {
        assertEquals(expected.spec(), actual.spec());
        for (int l = 1; l <= expected.depth(); l++) {
            assertArrayEquals(expected.weights(l), actual.weights(l), 0.0, "W_" + l);
            assertArrayEquals(expected.bias(l), actual.bias(l), 0.0, "b_" + l);
            for (int i = 0; i < expected.weights(l).length; i++) {
                assertEquals(Double.doubleToRawLongBits(expected.weights(l)[i]),
                        Double.doubleToRawLongBits(actual.weights(l)[i]), "W_" + l + "[" + i + "] bits");
            }
        }
    }

    @Test
    void trainPerEventReachesTheStatedLossAndExportGivesTheModelsWeightsBitForBit() throws IOException {
        List<double[]> rows = regressionRows(400);
        Path data = csv("linear.csv", rows);
        Path snapshotFile = dir.resolve("lin.snapshot");

        CliTest.Result train = CliTest.run("train", "--data", data.toString(), "--layers", "2,8:tanh,1:identity",
                "--learning-rate", "0.05", "--epochs", "30", "--model-id", "lin", "--output", snapshotFile.toString());
        assertEquals(ExitCodes.OK, train.code(), train.err());
        assertEquals("", train.err());
        List<MatchResult> epochs = epochs(train.out());
        assertEquals(30, epochs.size(), train.out());
        double first = Double.parseDouble(epochs.get(0).group(4));
        double last = Double.parseDouble(epochs.get(29).group(4));
        assertEquals("400", epochs.get(29).group(3));
        assertTrue(last < 1e-3, "mean squared error of the 30th pass below 1e-3, got " + last + "\n" + train.out());
        assertTrue(last < first / 20, "loss fell by 20x: " + first + " -> " + last);
        assertTrue(train.out().contains("wrote model 'lin' (12000 updates, 12000 events) to " + snapshotFile), train.out());

        // the same model trained directly, per event, on the same rows
        NetworkSpec spec = NetworkSpec.builder().layers("2,8:tanh,1:identity").optimizer(OptimizerSpec.sgd(0.05))
                .seed(0).build();
        Model reference = Model.create(spec);
        for (int epoch = 0; epoch < 30; epoch++) {
            for (double[] row : rows) {
                reference.learn(new double[] {row[0], row[1]}, new double[] {row[2]}, null);
            }
        }

        // the snapshot file holds the complete state, optimiser counters included
        WeightSnapshot snapshot = SnapshotFiles.read(snapshotFile, "unused");
        assertEquals("lin", snapshot.getModelId());
        assertEquals(12000, snapshot.getVersion());
        assertEquals(last, snapshot.getMetrics().get("loss"), 1e-5 * last);   // printed with 6 digits

        Path json = dir.resolve("lin.json");
        CliTest.Result export = CliTest.run("export", "--from-file", snapshotFile.toString(), "--model-id", "lin",
                "--output", json.toString());
        assertEquals(ExitCodes.OK, export.code(), export.err());
        assertTrue(export.out().startsWith("exported model 'lin' version 12000"), export.out());
        ModelState exported = WeightsJson.fromJson(Files.readString(json, StandardCharsets.UTF_8));
        assertSameWeights(reference.state(), exported);

        CliTest.Result stdout = CliTest.run("export", "--from-file", snapshotFile.toString(), "--output", "-");
        assertEquals(ExitCodes.OK, stdout.code(), stdout.err());
        assertEquals(Files.readString(json, StandardCharsets.UTF_8), stdout.out(), "stdout holds only the JSON");
    }

    @Test
    void trainInMicroBatchesFromASpecFileAsModelStateMatchesLearnBatch() throws IOException {
        List<double[]> rows = classificationRows(203);                 // 50 batches of 4 and one of 3
        Path data = csv("classes.csv", rows);
        String specJson = "{\"input_size\":2,\"layers\":[{\"size\":8,\"activation\":\"tanh\"},"
                + "{\"size\":2,\"activation\":\"softmax\"}],\"loss\":\"cross_entropy\","
                + "\"optimizer\":{\"type\":\"adam\",\"learning_rate\":0.02},\"seed\":7}";
        Path specFile = Files.writeString(dir.resolve("spec.json"), specJson);
        Path stateFile = dir.resolve("classes.state");
        Path plot = dir.resolve("curve.png");

        CliTest.Result train = CliTest.run("train", "--data", data.toString(), "--spec", specFile.toString(),
                "--batch", "4", "--epochs", "15", "--format", "state", "--output", stateFile.toString(),
                "--plot", plot.toString());
        assertEquals(ExitCodes.OK, train.code(), train.err());
        List<MatchResult> epochs = epochs(train.out());
        assertEquals(15, epochs.size(), train.out());
        double accuracy = Double.parseDouble(epochs.get(14).group(5));
        assertTrue(accuracy >= 0.95, "accuracy of the 15th pass at least 0.95, got " + accuracy + "\n" + train.out());
        assertTrue(Files.size(plot) > 0);
        assertTrue(train.out().contains("(765 updates, 3045 events)"), train.out());

        NetworkSpec spec = NetworkSpec.fromJson(specJson);
        Model reference = Model.create(spec);
        for (int epoch = 0; epoch < 15; epoch++) {
            for (int start = 0; start < rows.size(); start += 4) {
                int m = Math.min(4, rows.size() - start);
                double[] xs = new double[2 * m];
                int[] classes = new int[m];
                for (int r = 0; r < m; r++) {
                    xs[2 * r] = rows.get(start + r)[0];
                    xs[2 * r + 1] = rows.get(start + r)[1];
                    classes[r] = (int) rows.get(start + r)[2];
                }
                reference.learnBatch(m, xs, classes, null);
            }
        }

        CliTest.Result export = CliTest.run("export", "--from-file", stateFile.toString(), "--output", "-");
        assertEquals(ExitCodes.OK, export.code(), export.err());
        assertSameWeights(reference.state(), WeightsJson.fromJson(export.out()));
    }

    @Test
    void exportFromAFileOfAnotherModelFails() throws IOException {
        Path data = csv("linear.csv", regressionRows(20));
        Path snapshotFile = dir.resolve("a.snapshot");
        CliTest.Result train = CliTest.run("train", "--data", data.toString(), "--layers", "2,1:identity",
                "--model-id", "a", "--output", snapshotFile.toString());
        assertEquals(ExitCodes.OK, train.code(), train.err());

        CliTest.Result r = CliTest.run("export", "--from-file", snapshotFile.toString(), "--model-id", "b",
                "--output", dir.resolve("b.json").toString());
        assertEquals(ExitCodes.FAILURE, r.code());
        assertEquals("streamgrad export: failed: " + snapshotFile + " holds model 'a', not 'b'", r.onlyErrorLine());
        assertTrue(Files.notExists(dir.resolve("b.json")));
    }

    @Test
    void exportFromAFileThatIsNoSnapshotFails() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.snapshot"), "not a snapshot");
        CliTest.Result r = CliTest.run("export", "--from-file", junk.toString(), "--output", "-");
        assertEquals(ExitCodes.FAILURE, r.code());
        assertEquals("streamgrad export: failed: " + junk + ": neither a weight snapshot (starts with SGSF, or C3 01"
                + " before checksums) nor a model state (starts with SGMS)", r.onlyErrorLine());
    }

    @Test
    void exportFromAMissingFileIsAUsageError() {
        Path missing = dir.resolve("missing.snapshot");
        CliTest.Result r = CliTest.run("export", "--from-file", missing.toString(), "--output", "-");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad export: --from-file: no readable file " + missing
                + " (see 'streamgrad export --help')", r.onlyErrorLine());
    }

    @Test
    void trainRejectsDataOfTheWrongDimensionAndAMissingNetwork() throws IOException {
        Path data = csv("linear.csv", regressionRows(5));
        Path out = dir.resolve("m.snapshot");
        CliTest.Result wrong = CliTest.run("train", "--data", data.toString(), "--layers", "3,1:identity",
                "--output", out.toString());
        assertEquals(ExitCodes.FAILURE, wrong.code());
        assertEquals("streamgrad train: failed: epoch 1: example 1 (line 2 of " + data + ") has 2 features, the"
                + " network's input size is 3", wrong.onlyErrorLine());
        assertTrue(Files.notExists(out));

        CliTest.Result diverging = CliTest.run("train", "--data", data.toString(), "--layers", "2,1:identity",
                "--learning-rate", "1e308", "--output", out.toString());
        assertEquals(ExitCodes.FAILURE, diverging.code());
        assertTrue(diverging.onlyErrorLine().startsWith("streamgrad train: failed: epoch 1: example "),
                diverging.err());
        assertTrue(Files.notExists(out));

        CliTest.Result none = CliTest.run("train", "--data", data.toString(), "--output", out.toString());
        assertEquals(ExitCodes.USAGE, none.code());
        assertTrue(none.onlyErrorLine().startsWith("streamgrad train: give the network with exactly one of --spec"
                + " FILE and --layers"), none.err());
    }

    /** Labels the loss cannot learn stop train with one line naming the example and its line; nothing written. */
    @Test
    void trainRefusesOutOfRangeLabels() throws IOException {
        List<double[]> rows = classificationRows(6);
        rows.set(3, new double[] {0.5, 0.25, 3.0});
        Path data = csv("bce.csv", rows);
        Path out = dir.resolve("m.snapshot");
        for (String batch : new String[] {"1", "4"}) {
            CliTest.Result bce = CliTest.run("train", "--data", data.toString(), "--layers", "2,1:sigmoid",
                    "--loss", "binary_cross_entropy", "--batch", batch, "--output", out.toString());
            assertEquals(ExitCodes.FAILURE, bce.code(), bce.err());
            assertEquals("streamgrad train: failed: epoch 1: example 4 (line 5 of " + data + ") has label 3.0, out of"
                    + " range: binary_cross_entropy target y[0] = 3.0 is not in [0, 1]", bce.onlyErrorLine());
            assertTrue(Files.notExists(out));
        }

        rows.set(3, new double[] {0.5, 0.25, 2.0});
        Path classes = csv("ce.csv", rows);
        CliTest.Result ce = CliTest.run("train", "--data", classes.toString(), "--layers", "2,2:softmax",
                "--loss", "cross_entropy", "--output", out.toString());
        assertEquals(ExitCodes.FAILURE, ce.code(), ce.err());
        assertEquals("streamgrad train: failed: epoch 1: example 4 (line 5 of " + classes + ") has label 2.0, out of"
                + " range: class index 2 is not in [0, 2) (cross_entropy with 2 output(s))", ce.onlyErrorLine());

        rows.set(3, new double[] {0.5, 0.25, 1.0});
        CliTest.Result ok = CliTest.run("train", "--data", csv("fine.csv", rows).toString(), "--layers",
                "2,1:sigmoid", "--loss", "binary_cross_entropy", "--output", out.toString());
        assertEquals(ExitCodes.OK, ok.code(), ok.err());
        assertTrue(epochs(ok.out()).get(0).group(5) != null, "a classifier reports accuracy: " + ok.out());
    }
}
