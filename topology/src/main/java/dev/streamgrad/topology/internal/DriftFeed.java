package dev.streamgrad.topology.internal;

import dev.streamgrad.model.drift.DriftDetection;
import dev.streamgrad.model.drift.DriftSignal;
import dev.streamgrad.model.drift.DriftSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Feeds a model's drift detector ({@code Model#observeDrift}, which also applies the configured action) the value of
 * its signal after each update, and keeps the detections made on the live path until they are reported. The signal
 * {@code error} is the 0/1 error of each event's prediction; {@code loss} is the event's loss, or a micro-batch's
 * mean loss once per batch. The {@link Trainer} calls it in log order on the live path and in replay, so a restored
 * model's detector is the one of the run without the restore. Not thread-safe: one per task.
 */
final class DriftFeed {
    /** A drift detected on the live path: the model, the detection and the event whose value triggered it. */
    record Detected(LiveModel live, DriftDetection detection, WalEntry entry) { }

    private final List<Detected> detected = new ArrayList<>();

    /**
     * Feeds the signal of one event learned on its own.
     *
     * @param e          the event
     * @param loss       its loss
     * @param prediction its prediction before the update; not modified
     * @param report     true on the live path: a detection is kept for {@link #drain}
     */
    void event(LiveModel live, WalEntry e, double loss, double[] prediction, boolean report) {
        DriftSpec drift = live.model.driftSpec();
        if (drift == null) {
            return;
        }
        observe(live, e, drift.signal() == DriftSignal.ERROR ? error(live, e, prediction, 0) : loss, report);
    }

    /**
     * Feeds the signal of a micro-batch applied as one update: each event's error, or the mean loss once (with the
     * batch's last event).
     *
     * @param entries     the batch's events, in log order; not modified
     * @param meanLoss    the batch's mean loss
     * @param predictions the predictions before the update, row-major (entries.size() × k); not modified
     * @param report      true on the live path
     */
    void batch(LiveModel live, List<WalEntry> entries, double meanLoss, double[] predictions, boolean report) {
        DriftSpec drift = live.model.driftSpec();
        if (drift == null || entries.isEmpty()) {
            return;
        }
        if (drift.signal() == DriftSignal.ERROR) {
            int k = live.model.outputSize();
            for (int r = 0; r < entries.size(); r++) {
                observe(live, entries.get(r), error(live, entries.get(r), predictions, r * k), report);
            }
        } else {
            observe(live, entries.get(entries.size() - 1), meanLoss, report);
        }
    }

    /**
     * Hands over the drifts detected on the live path since the last call, in detection order, and forgets them.
     *
     * @param sink receives each detection
     */
    void drain(Consumer<Detected> sink) {
        for (Detected d : detected) {
            sink.accept(d);
        }
        detected.clear();
    }

    /** @return 0 if the prediction at {@code off} is the event's class, else 1 */
    private static double error(LiveModel live, WalEntry e, double[] predictions, int off) {
        int target = live.model.targetClass(e.target());
        return target >= 0 && live.model.predictedClass(predictions, off) == target ? 0.0 : 1.0;
    }

    private void observe(LiveModel live, WalEntry e, double value, boolean report) {
        if (!Double.isFinite(value)) {
            return;   // an accepted update has a finite loss; the same test on replay keeps the two paths equal
        }
        DriftDetection d = live.model.observeDrift(value);
        if (d != null && report) {
            detected.add(new Detected(live, d, e));
        }
    }
}
