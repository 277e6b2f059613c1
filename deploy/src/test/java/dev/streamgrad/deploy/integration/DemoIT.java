package dev.streamgrad.deploy.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import dev.streamgrad.deploy.cli.Cli;
import dev.streamgrad.deploy.offline.SnapshotFiles;
import dev.streamgrad.deploy.report.LearningCurvePlot;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamgrad demo} for real, in this JVM (the command's code through {@link Cli#execute}): embedded broker,
 * learning topology, producer and reader, in a short run. The loss must fall, the PNG and the snapshot file must be
 * valid, and the temporary directories must be gone.
 */
@Tag("integration")
class DemoIT {

    private static final Pattern ROW = Pattern.compile("^\\s*([\\d,]+) \\|\\s+([\\d.]+) \\|\\s+([\\d.]+)%$");

    @TempDir
    Path dir;

    @Test
    void aShortDemoLearnsAndWritesThePlotAndTheFinalWeights() throws IOException {
        Path plot = dir.resolve("curve.png");
        Path snapshot = dir.resolve("model.snapshot");
        Set<String> tempBefore = tempDirs();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(new String[] {"demo", "--events", "4000", "--no-drift", "--plot", plot.toString(),
            "--snapshot", snapshot.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + "\n" + err.toString(StandardCharsets.UTF_8));

        assertTrue(text.startsWith("streamgrad demo: 4,000 events of spirals (binary classification, 2 features,"
                + " no concept drift"), text);
        assertTrue(text.contains("processing.guarantee=exactly_once_v2"), text);
        assertTrue(text.matches("(?s).*\ndone: 4,000 events learned in [0-9.]+ s once Kafka Streams was running "
                + "\\([0-9,]+ events/s\\); [0-9.]+ s from its start .*"), text);
        assertFalse(text.contains("the producer waited"), text);   // 4,000 events: never held back

        // the summary table: its first and last rows are the first and last windows of 100 events
        List<double[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(new double[] {Double.parseDouble(m.group(1).replace(",", "")),
                    Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
            }
        }
        assertTrue(rows.size() >= 2, text);
        double[] first = rows.get(0);
        double[] last = rows.get(rows.size() - 1);
        assertEquals(100, first[0], text);
        assertEquals(4000, last[0], text);
        assertTrue(last[1] < first[1] - 0.05, String.format(Locale.ROOT,
                "the prequential loss falls: first window %.4f, last %.4f%n%s", first[1], last[1], text));
        assertTrue(last[2] > first[2], "the accuracy rises:\n" + text);

        assertTrue(text.contains("learning curve (prequential loss and accuracy, 40 points): "
                + plot.toAbsolutePath()), text);
        BufferedImage image = ImageIO.read(plot.toFile());
        assertNotNull(image, "a readable PNG");
        assertEquals(LearningCurvePlot.WIDTH, image.getWidth());
        assertEquals(LearningCurvePlot.HEIGHT, image.getHeight());

        assertTrue(text.contains("final weights (model 'default', version 4000, 4,000 events learned): "
                + snapshot.toAbsolutePath()), text);
        WeightSnapshot s = SnapshotFiles.read(snapshot, "unused");
        assertEquals("default", s.getModelId());
        assertEquals(4000, s.getEvents());
        assertEquals(4000, s.getVersion());
        ModelState state = WeightSnapshots.toModelState(s);
        assertEquals(2, state.spec().inputSize());

        assertEquals(tempBefore, tempDirs(), "the broker's and the state's temporary directories are deleted");
    }

    /**
     * The default demo stream drifts at event 10,000 (the spirals rotate); ADWIN, on by default, must detect it soon
     * after, list it in the summary and draw it on the learning curve; nothing is detected before the drift.
     */
    @Test
    void theDriftAtEventTenThousandIsDetectedListedAndDrawn() throws IOException {
        Path plot = dir.resolve("drift.png");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(new String[] {"demo", "--events", "12000", "--plot", plot.toString(),
            "--snapshot", dir.resolve("drift.snapshot").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + "\n" + err.toString(StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("(?m)^  at event ([\\d,]+): adwin on the error, action none").matcher(text);
        List<Long> at = new java.util.ArrayList<>();
        while (m.find()) {
            at.add(Long.parseLong(m.group(1).replace(",", "")));
        }
        assertTrue(!at.isEmpty() && text.contains("drifts detected: " + at.size() + "\n"), text);
        assertTrue(at.stream().allMatch(e -> e > 10_000 && e <= 11_000), "detected only after the drift: " + at
                + "\n" + text);
        BufferedImage image = ImageIO.read(plot.toFile());
        long red = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if (image.getRGB(x, y) == LearningCurvePlot.DRIFT_COLOR.getRGB()) {
                    red++;
                }
            }
        }
        assertTrue(red > 250, "the drift line is drawn (the legend alone has under 100): " + red + " pixels");
    }

    private static Set<String> tempDirs() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("streamgrad-demo-") || n.startsWith("streamgrad-kafka-"))
                    .collect(Collectors.toSet());
        }
    }
}
