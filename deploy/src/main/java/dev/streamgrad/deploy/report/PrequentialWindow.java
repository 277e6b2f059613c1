package dev.streamgrad.deploy.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates prequential results (each event's loss and, for classification, whether its prediction —
 * made before learning from it — was correct) and closes a {@link Point} every {@code window} events.
 * Not thread-safe.
 */
public final class PrequentialWindow {

    private final int window;
    private final List<Point> points = new ArrayList<>();
    private long events;
    private double lossSum;
    private long correct;
    private long classified;
    private int inWindow;

    /** @param window events per point, at least 1 */
    public PrequentialWindow(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.window = window;
    }

    /**
     * Records one classification event.
     *
     * @param loss the event's loss, finite and at least 0
     * @param wasCorrect whether the prediction matched the label
     */
    public void addClassified(double loss, boolean wasCorrect) {
        classified++;
        if (wasCorrect) {
            correct++;
        }
        add(loss);
    }

    /**
     * Records one regression event (no accuracy).
     *
     * @param loss the event's loss, finite and at least 0
     */
    public void addRegressed(double loss) {
        add(loss);
    }

    private void add(double loss) {
        events++;
        lossSum += loss;
        if (++inWindow == window) {
            flush();
        }
    }

    /** Closes the current window early (at the end of a run); does nothing if it is empty. */
    public void flush() {
        if (inWindow == 0) {
            return;
        }
        double accuracy = classified == 0 ? Double.NaN : (double) correct / classified;
        points.add(new Point(events, lossSum / inWindow, accuracy));
        inWindow = 0;
        lossSum = 0;
        correct = 0;
        classified = 0;
    }

    /** @return the closed points so far, oldest first (an unmodifiable copy) */
    public List<Point> points() {
        return List.copyOf(points);
    }

    /** @return the total number of events recorded */
    public long events() {
        return events;
    }
}
