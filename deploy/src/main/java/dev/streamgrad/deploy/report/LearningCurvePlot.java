package dev.streamgrad.deploy.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Draws a learning curve — prequential loss (left axis) and accuracy (right axis, classification only)
 * over events — into a PNG, with {@code java.awt} in headless mode (no display needed).
 */
public final class LearningCurvePlot {

    /** Default image size in pixels. */
    public static final int WIDTH = 800;
    public static final int HEIGHT = 480;

    /** Colours, public so that tests and documents can name them. */
    public static final Color BACKGROUND = Color.WHITE;
    public static final Color LOSS_COLOR = new Color(0x1f, 0x77, 0xb4);
    public static final Color ACCURACY_COLOR = new Color(0xff, 0x7f, 0x0e);
    /** The colour of the vertical line at each detected drift. */
    public static final Color DRIFT_COLOR = new Color(0xd6, 0x27, 0x28);

    private static final Color AXIS_COLOR = new Color(0x33, 0x33, 0x33);
    private static final Color GRID_COLOR = new Color(0xe0, 0xe0, 0xe0);
    private static final int TICKS = 5;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private LearningCurvePlot() {
    }

    /**
     * Writes the plot as a PNG of {@link #WIDTH} x {@link #HEIGHT} pixels.
     *
     * @param file the PNG to write (replaced if it exists); its directory must exist
     * @param points the learning curve, oldest first, at least one point; not modified
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if {@code points} is empty
     */
    public static void write(Path file, List<Point> points) throws IOException {
        write(file, points, List.of());
    }

    /**
     * Writes the plot with a dashed vertical line at each detected drift.
     *
     * @param file the PNG to write (replaced if it exists); its directory must exist
     * @param points the learning curve, oldest first, at least one point; not modified
     * @param drifts the drifts to mark; not modified
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if {@code points} is empty
     */
    public static void write(Path file, List<Point> points, List<DriftMark> drifts) throws IOException {
        BufferedImage image = render(points, drifts, WIDTH, HEIGHT);
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /**
     * @param points the learning curve, oldest first, at least one point; not modified
     * @param width image width in pixels, at least 200
     * @param height image height in pixels, at least 150
     * @return the plot
     */
    public static BufferedImage render(List<Point> points, int width, int height) {
        return render(points, List.of(), width, height);
    }

    /**
     * @param points the learning curve, oldest first, at least one point; not modified
     * @param drifts drifts to mark with a dashed vertical line at their event (those beyond the last point are
     *     not drawn); not modified
     * @param width image width in pixels, at least 200
     * @param height image height in pixels, at least 150
     * @return the plot
     */
    public static BufferedImage render(List<Point> points, List<DriftMark> drifts, int width, int height) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a learning curve needs at least one point");
        }
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("the image must be at least 200 x 150, got " + width + " x " + height);
        }
        PlotArea area = PlotArea.of(points, width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            drawAxes(g, area);
            drawDrifts(g, area, drifts);
            drawSeries(g, area, points, false);
            if (area.hasAccuracy()) {
                drawSeries(g, area, points, true);
            }
            drawLegend(g, area, !drifts.isEmpty());
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawAxes(Graphics2D g, PlotArea a) {
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i <= TICKS; i++) {
            double f = (double) i / TICKS;
            int y = (int) Math.round(a.bottom() - f * (a.bottom() - a.top()));
            int x = (int) Math.round(a.left() + f * (a.right() - a.left()));
            g.setColor(GRID_COLOR);
            g.drawLine(a.left(), y, a.right(), y);
            g.drawLine(x, a.top(), x, a.bottom());
            g.setColor(AXIS_COLOR);
            String lossLabel = axisNumber(f * a.maxLoss());
            g.drawString(lossLabel, a.left() - 6 - fm.stringWidth(lossLabel), y + fm.getAscent() / 2);
            if (a.hasAccuracy()) {
                g.drawString(String.format(Locale.ROOT, "%.0f%%", f * 100), a.right() + 6, y + fm.getAscent() / 2);
            }
            String eventsLabel = String.format(Locale.ROOT, "%,d", Math.round(f * a.maxEvents()));
            g.drawString(eventsLabel, x - fm.stringWidth(eventsLabel) / 2, a.bottom() + 4 + fm.getAscent());
        }
        g.drawRect(a.left(), a.top(), a.right() - a.left(), a.bottom() - a.top());

        Font plain = g.getFont();
        g.setFont(plain.deriveFont(Font.BOLD, 14f));
        String title = "Learning curve (prequential: test, then train)";
        g.drawString(title, a.left(), 26);
        g.setFont(plain);
        String xTitle = "events";
        g.drawString(xTitle, (a.left() + a.right() - fm.stringWidth(xTitle)) / 2, a.height() - 12);
        drawVertical(g, "loss", 16, (a.top() + a.bottom()) / 2, LOSS_COLOR);
        if (a.hasAccuracy()) {
            drawVertical(g, "accuracy", a.width() - 10, (a.top() + a.bottom()) / 2, ACCURACY_COLOR);
        }
    }

    /** Up to 3 significant digits, no trailing zeros: 0, 0.2, 0.25, 1.5, 2000. */
    static String axisNumber(double v) {
        if (v == 0) {
            return "0";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static void drawVertical(Graphics2D g, String text, int x, int centreY, Color color) {
        Graphics2D r = (Graphics2D) g.create();
        try {
            r.setColor(color);
            r.rotate(-Math.PI / 2, x, centreY);
            r.drawString(text, x - r.getFontMetrics().stringWidth(text) / 2, centreY);
        } finally {
            r.dispose();
        }
    }

    private static void drawSeries(Graphics2D g, PlotArea a, List<Point> points, boolean accuracy) {
        Path2D.Double path = new Path2D.Double();
        boolean first = true;
        for (Point p : points) {
            double x = a.x(p.events());
            double y = accuracy ? a.yAccuracy(p.accuracy()) : a.yLoss(p.loss());
            if (first) {
                path.moveTo(x, y);
                first = false;
            } else {
                path.lineTo(x, y);
            }
        }
        g.setColor(accuracy ? ACCURACY_COLOR : LOSS_COLOR);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(path);
        if (points.size() == 1) {            // a single point: a dot, since a path of one point draws nothing
            Point p = points.get(0);
            double y = accuracy ? a.yAccuracy(p.accuracy()) : a.yLoss(p.loss());
            g.fillOval((int) Math.round(a.x(p.events())) - 3, (int) Math.round(y) - 3, 7, 7);
        }
    }

    /** Under the curves: a dashed vertical line over the whole plot height at each drift's event. */
    private static void drawDrifts(Graphics2D g, PlotArea a, List<DriftMark> drifts) {
        g.setColor(DRIFT_COLOR);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        for (DriftMark d : drifts) {
            if (d.events() <= a.maxEvents()) {
                int x = (int) Math.round(a.x(d.events()));
                g.drawLine(x, a.top(), x, a.bottom());
            }
        }
    }

    /** The legend sits in the top margin, right-aligned, so it never hides the curves. */
    private static void drawLegend(Graphics2D g, PlotArea a, boolean drifts) {
        FontMetrics fm = g.getFontMetrics();
        int baseline = 26;
        int x = a.right() - (40 + fm.stringWidth("loss"));
        if (a.hasAccuracy()) {
            x -= 16 + 40 + fm.stringWidth("accuracy");
        }
        if (drifts) {
            x -= 16 + 40 + fm.stringWidth("drift detected");
        }
        legendRow(g, "loss", LOSS_COLOR, x, baseline);
        x += 40 + fm.stringWidth("loss") + 16;
        if (a.hasAccuracy()) {
            legendRow(g, "accuracy", ACCURACY_COLOR, x, baseline);
            x += 40 + fm.stringWidth("accuracy") + 16;
        }
        if (drifts) {
            legendRow(g, "drift detected", DRIFT_COLOR, x, baseline);
        }
    }

    private static void legendRow(Graphics2D g, String label, Color color, int x0, int baseline) {
        g.setColor(color);
        g.setStroke(new BasicStroke(3f));
        int midY = baseline - g.getFontMetrics().getAscent() / 2 + 1;
        g.drawLine(x0, midY, x0 + 28, midY);
        g.setColor(AXIS_COLOR);
        g.drawString(label, x0 + 36, baseline);
    }
}
