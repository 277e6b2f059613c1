package dev.streamgrad.deploy.report;

import java.util.List;

/**
 * The geometry of a learning-curve plot: the image size, the data rectangle inside its margins, the
 * axis ranges, and the mapping from data to pixel coordinates (y grows downwards).
 */
record PlotArea(int width, int height, int left, int right, int top, int bottom,
                long maxEvents, double maxLoss, boolean hasAccuracy) {

    static final int MARGIN_LEFT = 70;
    static final int MARGIN_RIGHT = 60;
    static final int MARGIN_TOP = 40;
    static final int MARGIN_BOTTOM = 50;

    static PlotArea of(List<Point> points, int width, int height) {
        long maxEvents = 1;
        double maxLoss = 0;
        boolean accuracy = false;
        for (Point p : points) {
            maxEvents = Math.max(maxEvents, p.events());
            maxLoss = Math.max(maxLoss, p.loss());
            accuracy |= p.hasAccuracy();
        }
        return new PlotArea(width, height, MARGIN_LEFT, width - MARGIN_RIGHT, MARGIN_TOP, height - MARGIN_BOTTOM,
                maxEvents, niceCeiling(maxLoss), accuracy);
    }

    double x(long events) {
        return left + (double) events / maxEvents * (right - left);
    }

    double yLoss(double loss) {
        return bottom - loss / maxLoss * (bottom - top);
    }

    double yAccuracy(double accuracy) {
        return bottom - accuracy * (bottom - top);
    }

    /** @return the smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code v} (1 for v = 0) */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
