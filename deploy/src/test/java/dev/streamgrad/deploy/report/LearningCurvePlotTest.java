package dev.streamgrad.deploy.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvePlotTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    /** A curve like the demo's: loss falls, accuracy rises, drift at 10,000 undoes part of it. */
    static List<Point> curve(boolean classification) {
        List<Point> points = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            long events = i * 500L;
            double progress = events < 10_000 ? events / 10_000.0 : (events - 10_000) / 10_000.0;
            double loss = 0.7 * Math.exp(-3 * progress) + 0.05;
            double accuracy = classification ? 0.5 + 0.45 * (1 - Math.exp(-3 * progress)) : Double.NaN;
            points.add(new Point(events, loss, accuracy));
        }
        return points;
    }

    @Test
    void writesAPngOfTheExpectedSizeWithBothCurvesDrawn() throws IOException {
        Path file = dir.resolve("curve.png");
        List<Point> points = curve(true);
        LearningCurvePlot.write(file, points);

        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        }
        assertArrayEquals(PNG_SIGNATURE, head);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(LearningCurvePlot.WIDTH, image.getWidth());
        assertEquals(LearningCurvePlot.HEIGHT, image.getHeight());

        PlotArea area = PlotArea.of(points, image.getWidth(), image.getHeight());
        for (Point p : points) {
            int x = (int) Math.round(area.x(p.events()));
            assertTrue(near(image, x, (int) Math.round(area.yLoss(p.loss())), LearningCurvePlot.LOSS_COLOR),
                    "loss curve drawn at " + p);
            assertTrue(near(image, x, (int) Math.round(area.yAccuracy(p.accuracy())), LearningCurvePlot.ACCURACY_COLOR),
                    "accuracy curve drawn at " + p);
        }
    }

    @Test
    void regressionCurveHasNoAccuracySeries() throws IOException {
        List<Point> points = curve(false);
        BufferedImage image = LearningCurvePlot.render(points, 640, 400);
        PlotArea area = PlotArea.of(points, 640, 400);
        assertFalse(area.hasAccuracy());
        for (Point p : points) {
            assertTrue(near(image, (int) Math.round(area.x(p.events())), (int) Math.round(area.yLoss(p.loss())),
                    LearningCurvePlot.LOSS_COLOR), "loss curve drawn at " + p);
        }
        assertEquals(0, count(image, LearningCurvePlot.ACCURACY_COLOR));
    }

    @Test
    void eachDriftIsAVerticalLineAtItsEventAndNoDriftDrawsNone() {
        List<Point> points = curve(true);
        long last = points.get(points.size() - 1).events();
        DriftMark drift = new DriftMark(last / 2, "adwin, action none");
        BufferedImage image = LearningCurvePlot.render(points, List.of(drift), 640, 400);
        PlotArea area = PlotArea.of(points, 640, 400);
        int x = (int) Math.round(area.x(drift.events()));
        int marked = 0;
        for (int y = area.top(); y <= area.bottom(); y++) {
            if (near(image, x, y, LearningCurvePlot.DRIFT_COLOR)) {
                marked++;
            }
        }
        // the curves are drawn over the line and hide some of it
        assertTrue(marked > (area.bottom() - area.top()) * 0.6, "dashed line over the plot height: " + marked);
        int elsewhere = (int) Math.round(area.x(last / 4));
        assertFalse(near(image, elsewhere, (area.top() + area.bottom()) / 2, LearningCurvePlot.DRIFT_COLOR));
        assertEquals(0, count(LearningCurvePlot.render(points, 640, 400), LearningCurvePlot.DRIFT_COLOR));
    }

    @Test
    void aSinglePointIsVisible() {
        List<Point> one = List.of(new Point(100, 0.3, 0.9));
        BufferedImage image = LearningCurvePlot.render(one, 400, 300);
        PlotArea area = PlotArea.of(one, 400, 300);
        assertTrue(near(image, (int) Math.round(area.x(100)), (int) Math.round(area.yLoss(0.3)), LearningCurvePlot.LOSS_COLOR));
    }

    @Test
    void axisCeilingIsANiceNumber() {
        assertEquals(1, PlotArea.niceCeiling(0));
        assertEquals(1, PlotArea.niceCeiling(0.8));
        assertEquals(0.2, PlotArea.niceCeiling(0.15), 1e-15);
        assertEquals(2.5, PlotArea.niceCeiling(2.1));
        assertEquals(50, PlotArea.niceCeiling(31));
    }

    @Test
    void rejectsAnEmptyCurve() {
        assertThrows(IllegalArgumentException.class, () -> LearningCurvePlot.write(dir.resolve("x.png"), List.of()));
    }

    /** Whether a pixel of (almost exactly) the given colour lies within 2 pixels of (x, y). */
    private static boolean near(BufferedImage image, int x, int y, Color color) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                int px = x + dx;
                int py = y + dy;
                if (px >= 0 && py >= 0 && px < image.getWidth() && py < image.getHeight()
                        && close(new Color(image.getRGB(px, py)), color)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long count(BufferedImage image, Color color) {
        long n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if (close(new Color(image.getRGB(x, y)), color)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean close(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue()) <= 24;
    }
}
