package dev.streamgrad.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.deploy.offline.SnapshotFiles;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --format onnx} from a snapshot file: what ONNX Runtime computes from it, and the option checks. */
class ExportOnnxTest {

    @TempDir
    Path dir;

    private Path snapshotFile(ModelState state) throws Exception {
        Path f = dir.resolve("m.snapshot");
        SnapshotFiles.write(f, SnapshotFiles.Format.SNAPSHOT, WeightSnapshots.fromModelState("clf", Instant.now(),
                state, Map.of()));
        return f;
    }

    private static ModelState trainedWithScaling() {
        Model m = Model.create(NetworkSpec.builder().layers("3,6:softplus,4:leaky_relu(0.05),2:sigmoid")
                .loss("binary_cross_entropy").scaling(true).seed(4).build());
        for (int e = 0; e < 50; e++) {
            m.learn(new double[] {e % 7, 10 - e % 3, 0.1 * e}, new double[] {e % 2, (e / 2) % 2}, null);
        }
        return m.state();
    }

    @Test
    void exportFromAFileWritesAnOnnxModelThatPredictsLikeTheModel() throws Exception {
        ModelState state = trainedWithScaling();
        Path onnx = dir.resolve("m.onnx");
        CliTest.Result r = CliTest.run("export", "--from-file", snapshotFile(state).toString(), "--format", "onnx",
                "--output", onnx.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals("exported model 'clf' version 50 (50 events learned) from " + dir.resolve("m.snapshot") + " to "
                + onnx + " as ONNX (opset 13, float64)\n", r.out());
        OnnxFiles.assertPredictsLike(onnx, state, "clf", 500);
    }

    @Test
    void float32IsWrittenOnRequestAtHalfTheSize() throws Exception {
        ModelState state = trainedWithScaling();
        Path f64 = dir.resolve("64.onnx");
        Path f32 = dir.resolve("32.onnx");
        Path file = snapshotFile(state);
        assertEquals(ExitCodes.OK, CliTest.run("export", "--from-file", file.toString(), "--format", "onnx",
                "--output", f64.toString()).code());
        CliTest.Result r = CliTest.run("export", "--from-file", file.toString(), "--format", "ONNX", "--precision",
                "float32", "--output", f32.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().endsWith(" as ONNX (opset 13, float32)\n"), r.out());
        long params = 3 * 6 + 6 + 6 * 4 + 4 + 4 * 2 + 2 + 2 * 3;
        assertTrue(Files.size(f64) - Files.size(f32) >= 4 * params, Files.size(f64) + " vs " + Files.size(f32));
    }

    @Test
    void badFormatOptionsAreUsageErrors() throws Exception {
        Path file = snapshotFile(trainedWithScaling());
        Path out = dir.resolve("x.onnx");
        CliTest.Result r = CliTest.run("export", "--from-file", file.toString(), "--format", "xml", "--output",
                out.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad export: --format must be json or onnx, got 'xml' (see 'streamgrad export --help')",
                r.onlyErrorLine());
        r = CliTest.run("export", "--from-file", file.toString(), "--precision", "float32", "--output", "-");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad export: --precision applies to --format onnx only (see 'streamgrad export --help')",
                r.onlyErrorLine());
        r = CliTest.run("export", "--from-file", file.toString(), "--format", "onnx", "--precision", "half",
                "--output", out.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad export: --precision: unknown precision 'half' (known: float64, float32) (see"
                + " 'streamgrad export --help')", r.onlyErrorLine());
        r = CliTest.run("export", "--from-file", file.toString(), "--format", "onnx", "--output", "-");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad export: --output - (stdout) is for JSON; give a file for --format onnx (see"
                + " 'streamgrad export --help')", r.onlyErrorLine());
        assertTrue(Files.notExists(out));
    }
}
