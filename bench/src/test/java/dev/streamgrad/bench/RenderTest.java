package dev.streamgrad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/render.py}, the writer of docs/BENCHMARKS.md, on small result files: the rows the targets ask
 * for, a results folder that also holds {@code bench/deployed.sh}'s output, and the same output whatever Python's
 * string hashing (sets of equal-size shapes once came out in another order on every render).
 */
class RenderTest {
    private static final Path RENDER = Path.of("render.py");   // surefire runs in the module's folder
    private static final String[] SHAPES = {"8-16-1", "64-128-10", "784-256-10", "784-512-512-10"};
    private static final String[] OPTIMIZERS = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"};

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsPython() {
        assumeTrue(Files.isRegularFile(RENDER), "bench/render.py beside the module");
        assumeTrue(python("--version") == 0, "python3 on the PATH");
    }

    @Test
    void adamsFortyPercentRowIsOnTheThreeLargerShapesAndTheOthersOnEveryShape() throws Exception {
        String out = render(List.of(optim()), "1");
        assertFalse(out.contains("| adam ≥ 40 % of sgd | 8-16-1 |"), out);
        for (String shape : new String[] {"64-128-10", "784-256-10", "784-512-512-10"}) {
            assertTrue(out.contains("| adam ≥ 40 % of sgd | " + shape + " | 30 % | missed by 10.0 points |"), shape);
        }
        for (String shape : SHAPES) {
            for (String o : new String[] {"momentum", "nesterov", "adagrad", "rmsprop"}) {
                assertTrue(out.contains("| " + o + " ≥ 40 % of sgd | " + shape + " | 50 % | met |"), o + " " + shape);
            }
        }
    }

    @Test
    void aDeployedResultInTheSameFolderIsLeftOutNotACrash() throws Exception {
        Path deployed = dir.resolve("deployed.json");
        Files.writeString(deployed, "[{\"name\":\"streamgrad/single_object/exactly_once_v2/8-16-1\",\"app\":\"streamgrad\","
                + "\"steady\":122536.5,\"modelOnly\":1595968.1}]");
        String out = render(List.of(optim(), deployed), "1");
        assertTrue(out.contains("| adam ≥ 40 % of sgd | 64-128-10 |"), out);
        assertFalse(out.contains("deployed.json"), "not listed among the results written");
    }

    @Test
    void equalSizeShapesComeOutInOneOrderWhateverTheHashSeed() throws Exception {
        Path gemm = write("gemm.json", List.of(
                jmh("GemmBench.gemm", "{\"backend\":\"vector\",\"shape\":\"TN:128x64x32\"}", 80),
                jmh("GemmBench.gemm", "{\"backend\":\"vector\",\"shape\":\"NN:32x64x128\"}", 70),
                jmh("GemmBench.gemm", "{\"backend\":\"vector\",\"shape\":\"NT:64x32x128\"}", 60),
                jmh("KernelBench.gemv", "{\"backend\":\"vector\",\"layer\":\"16x8\"}", 1e6),
                jmh("KernelBench.gemv", "{\"backend\":\"vector\",\"layer\":\"8x16\"}", 2e6),
                jmh("KernelBench.gemv", "{\"backend\":\"vector\",\"layer\":\"4x32\"}", 3e6)));
        String first = tables(render(List.of(gemm), "1"));
        for (String seed : new String[] {"2", "3", "4", "5", "6"}) {
            assertEquals(first, tables(render(List.of(gemm), seed)), "PYTHONHASHSEED=" + seed);
        }
        assertTrue(first.indexOf("| NN:32x64x128 |") < first.indexOf("| NT:64x32x128 |")
                && first.indexOf("| NT:64x32x128 |") < first.indexOf("| TN:128x64x32 |"), first);
        assertTrue(first.indexOf("| gemv | 16x8 |") < first.indexOf("| gemv | 4x32 |")
                && first.indexOf("| gemv | 4x32 |") < first.indexOf("| gemv | 8x16 |"), first);
    }

    /** Every optimiser on every shape, with SGD at 100, Adam at 30 and the others at 50. */
    private static Path optim() throws IOException {
        List<String> rows = new ArrayList<>();
        for (String shape : SHAPES) {
            for (String o : OPTIMIZERS) {
                double score = o.equals("sgd") ? 100 : o.equals("adam") ? 30 : 50;
                rows.add(jmh("ModelBench.learn", String.format(Locale.ROOT,
                        "{\"backend\":\"auto\",\"optimizer\":\"%s\",\"shape\":\"%s\"}", o, shape), score));
            }
        }
        return write("optim.json", rows);
    }

    private static String jmh(String benchmark, String params, double score) {
        return String.format(Locale.ROOT, "{\"benchmark\":\"dev.streamgrad.bench.%s\",\"params\":%s,"
                + "\"primaryMetric\":{\"score\":%s,\"scoreError\":0.0,\"scoreUnit\":\"ops/s\"}}", benchmark, params,
                score);
    }

    private static Path write(String name, List<String> rows) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "[" + String.join(",", rows) + "]");
        return f;
    }

    /** The generated part, without the header lines that carry the machine and the files' times. */
    private static String tables(String out) {
        return out.substring(out.indexOf("\n## "));
    }

    private static String render(List<Path> results, String hashSeed) throws Exception {
        Path out = Files.createTempFile(dir, "BENCHMARKS", ".md");
        List<String> cmd = new ArrayList<>(List.of("python3", RENDER.toString(), out.toString(),
                dir.resolve("no-notes.md").toString(), "bench/run.sh", "full"));
        results.forEach(p -> cmd.add(p.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONHASHSEED", hashSeed);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "render.py finished");
        assertEquals(0, p.exitValue(), log);
        return Files.readString(out);
    }

    private static int python(String arg) {
        try {
            Process p = new ProcessBuilder("python3", arg).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }
}
