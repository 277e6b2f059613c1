package dev.streamgrad.topology.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running counters of one model since this task started serving it (not part of the checkpoint): events, labeled
 * events, rejected records, refused updates, drifts (detections where the watched signal went up) and detections
 * where it went down (reported only here: a loss that falls is a model learning, not a drift), the mean loss over the last w labeled events and its exponentially
 * weighted mean (alpha = 2/(w+1)), accuracy over the last w labeled events of a classifier, and events per second
 * between two reports.
 */
final class RunningMetrics {
    private final double[] losses;
    private final boolean[] hits;
    private final double alpha;
    private int filled;
    private int next;
    private int hitCount;
    private double lossSum;
    private double ewma = Double.NaN;
    private long events;
    private long labeled;
    private long rejected;
    private long refused;
    private long drifts;
    private long driftDecreases;
    private long eventsAtLastReport;
    private long lastReportMs = -1;
    /** The model's late-label counters, or null if late labels are off. */
    private LabelMetrics labels;

    /** @param window w, the number of labeled events the windowed means cover */
    public RunningMetrics(int window) {
        losses = new double[window];
        hits = new boolean[window];
        alpha = 2.0 / (window + 1);
    }

    /** @param labels the model's late-label counters, added to every report from now on */
    void labels(LabelMetrics labels) {
        this.labels = labels;
    }

    /** Counts one scored event. */
    public void event() {
        events++;
    }

    /** Counts one rejected (dead-lettered) record. */
    public void rejected() {
        rejected++;
    }

    /** Counts one refused update. */
    public void refused() {
        refused++;
    }

    /** @param increase whether a detection is a drift (the watched signal went up) or a decrease */
    public void detected(boolean increase) {
        if (increase) {
            drifts++;
        } else {
            driftDecreases++;
        }
    }

    /**
     * @param loss the loss of the prediction made before learning
     * @param hit  whether a classifier's arg-max was the target (ignored for regression)
     */
    public void labeled(double loss, boolean hit) {
        labeled++;
        if (filled == losses.length) {
            lossSum -= losses[next];
            if (hits[next]) {
                hitCount--;
            }
        } else {
            filled++;
        }
        losses[next] = loss;
        hits[next] = hit;
        lossSum += loss;
        if (hit) {
            hitCount++;
        }
        next = (next + 1) % losses.length;
        ewma = Double.isNaN(ewma) ? loss : ewma + alpha * (loss - ewma);
    }

    /** @return the mean loss over the window (NaN before the first labeled event) */
    public double meanLoss() {
        return filled == 0 ? Double.NaN : lossSum / filled;
    }

    /**
     * @param classifier whether to include accuracy
     * @return the windowed values that are defined (finite), for a snapshot's metrics; changes nothing
     */
    public Map<String, Double> values(boolean classifier) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (filled > 0) {
            m.put("meanLoss", meanLoss());
            m.put("ewmaLoss", ewma);
            if (classifier) {
                m.put("accuracy", (double) hitCount / filled);
            }
        }
        m.values().removeIf(v -> !Double.isFinite(v));
        return m;
    }

    /**
     * @param version    the model's version
     * @param classifier whether to report accuracy
     * @param nowMs      wall-clock time, for events/s
     * @return the report's values
     */
    public Map<String, Double> report(long version, boolean classifier, long nowMs) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("version", (double) version);
        m.put("events", (double) events);
        m.put("labeled", (double) labeled);
        m.put("rejected", (double) rejected);
        m.put("refusedUpdates", (double) refused);
        m.put("drifts", (double) drifts);
        m.put("driftDecreases", (double) driftDecreases);
        m.put("meanLoss", meanLoss());
        m.put("ewmaLoss", ewma);
        if (classifier) {
            m.put("accuracy", filled == 0 ? Double.NaN : (double) hitCount / filled);
        }
        double rate = Double.NaN;
        if (lastReportMs >= 0 && nowMs > lastReportMs) {
            rate = (events - eventsAtLastReport) * 1000.0 / (nowMs - lastReportMs);
        }
        m.put("eventsPerSecond", rate);
        if (labels != null) {
            labels.addTo(m);
        }
        lastReportMs = nowMs;
        eventsAtLastReport = events;
        return m;
    }
}
