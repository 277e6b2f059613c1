package dev.streamgrad.deploy.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's final summary: a plain-text table of prequential loss and accuracy over time, one row per
 * learning-curve point (evenly thinned to at most {@code maxRows}, always keeping the first and the last).
 *
 * <pre>
 *      events |     loss | accuracy
 * ------------+----------+---------
 *       1,000 |   0.6931 |    50.2%
 *      20,000 |   0.1234 |    95.0%
 * </pre>
 * For regression the accuracy column shows {@code -}.
 */
public final class SummaryTable {

    private SummaryTable() {
    }

    /**
     * @param points the learning curve, oldest first; not modified
     * @param maxRows most rows to show, at least 2
     * @return the table, lines ending with {@code \n}; a one-line note if there are no points
     */
    public static String render(List<Point> points, int maxRows) {
        if (maxRows < 2) {
            throw new IllegalArgumentException("maxRows must be at least 2, got " + maxRows);
        }
        if (points.isEmpty()) {
            return "no learning-curve points (too few events)\n";
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%11s | %8s | %8s%n", "events", "loss", "accuracy"));
        s.append("------------+----------+---------\n");
        for (Point p : thin(points, maxRows)) {
            String acc = p.hasAccuracy() ? String.format(Locale.ROOT, "%.1f%%", p.accuracy() * 100) : "-";
            s.append(String.format(Locale.ROOT, "%,11d | %8.4f | %8s%n", p.events(), p.loss(), acc));
        }
        return s.toString().replace(System.lineSeparator(), "\n");
    }

    /**
     * @param drifts the drifts the learner reported, in order; not modified
     * @return one line per drift ({@code drift detected at event 10,043: adwin, ...}), or a line saying none was
     */
    public static String renderDrifts(List<DriftMark> drifts) {
        if (drifts.isEmpty()) {
            return "drifts detected: none\n";
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "drifts detected: %d%n", drifts.size()));
        for (DriftMark d : drifts) {
            s.append(String.format(Locale.ROOT, "  at event %,d: %s%n", d.events(), d.detail()));
        }
        return s.toString().replace(System.lineSeparator(), "\n");
    }

    static List<Point> thin(List<Point> points, int maxRows) {
        int n = points.size();
        if (n <= maxRows) {
            return points;
        }
        List<Point> rows = new ArrayList<>(maxRows);
        for (int r = 0; r < maxRows; r++) {
            rows.add(points.get((int) Math.round((double) r * (n - 1) / (maxRows - 1))));
        }
        return rows;
    }
}
