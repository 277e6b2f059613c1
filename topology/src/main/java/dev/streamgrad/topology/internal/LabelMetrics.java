package dev.streamgrad.topology.internal;

import java.util.Map;

/**
 * The late-label counters of one model in this task, reported with its running metrics (not part of the
 * checkpoint; the waiting counts are recounted from the store after a restart): labels joined, features and labels
 * that expired (or were evicted by the budget), duplicate labels dropped, features and labels waiting now, and the
 * label delay's p50 and p99 over the last w joins. Not thread-safe.
 */
final class LabelMetrics {
    private final DelayWindow delays;
    private long joined;
    private long labelsExpired;
    private long featuresExpired;
    private long duplicates;
    long featuresWaiting;
    long labelsWaiting;
    /** True once a model the task loaded reports these counters. */
    boolean attached;

    /** @param window w, the number of joins the delay percentiles cover */
    LabelMetrics(int window) {
        delays = new DelayWindow(window);
    }

    /** @param delayMs the stream time from the features to the label (0 if the label came first) */
    void joined(long delayMs) {
        joined++;
        delays.add(delayMs);
    }

    void labelExpired() {
        labelsExpired++;
    }

    void featuresExpired() {
        featuresExpired++;
    }

    void duplicate() {
        duplicates++;
    }

    /** @param m modified: receives the label fields of the metrics report */
    void addTo(Map<String, Double> m) {
        m.put("labelsJoined", (double) joined);
        m.put("labelsExpired", (double) labelsExpired);
        m.put("featuresExpired", (double) featuresExpired);
        m.put("labelDuplicates", (double) duplicates);
        m.put("featuresWaiting", (double) featuresWaiting);
        m.put("labelsWaiting", (double) labelsWaiting);
        m.put("labelDelayP50Ms", delays.percentile(0.50));
        m.put("labelDelayP99Ms", delays.percentile(0.99));
    }
}
