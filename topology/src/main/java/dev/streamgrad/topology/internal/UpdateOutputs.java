package dev.streamgrad.topology.internal;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the learner writes after a model's update: the dead letters of the events a batch refused, the drifts its
 * detector signalled, and a snapshot when the model's version passed a multiple of N
 * ({@link LearnerSettings#snapshotEveryUpdates()}).
 */
final class UpdateOutputs {
    private final Trainer trainer;
    private final Outputs outputs;
    private final LearnerSensors sensors;
    private final long snapshotEveryUpdates;
    private final LongSupplier wallClockMs;

    /**
     * @param snapshotEveryUpdates N, or 0 for no snapshot by count
     * @param wallClockMs          the time stamped on drift events and snapshots
     */
    UpdateOutputs(Trainer trainer, Outputs outputs, LearnerSensors sensors, long snapshotEveryUpdates,
                  LongSupplier wallClockMs) {
        this.trainer = trainer;
        this.outputs = outputs;
        this.sensors = sensors;
        this.snapshotEveryUpdates = snapshotEveryUpdates;
        this.wallClockMs = wallClockMs;
    }

    /**
     * Dead-letters the events a batch refused, reports the drifts detected (an increase of the watched signal: a
     * {@code DriftEvent} and a count; a decrease: counted in the model's metrics only), and emits a snapshot if the
     * model's version passed a multiple of N.
     *
     * @param live    the model that was updated
     * @param topic   the input topic the refused events came from
     * @param refused the events the trainer refused; emptied
     */
    void emit(LiveModel live, String topic, List<Trainer.Refused> refused) {
        trainer.drainDetections(d -> {
            d.live().metrics.detected(d.detection().increase());
            if (d.detection().increase()) {
                outputs.drift(d.live(), d.detection(), d.entry(), wallClockMs.getAsLong());
                sensors.drift();
            }
        });
        for (Trainer.Refused r : refused) {
            if (r.record() != null) {
                outputs.deadLetter(r.record(), new SourceHeaders(topic, r.entry().partition(), r.entry().offset()),
                        r.why());
            } else {
                outputs.deadLetter(live.id, topic, r.entry(), r.why());
            }
            sensors.rejected();
        }
        refused.clear();
        long every = snapshotEveryUpdates;
        if (every > 0 && live.model.updates() / every > live.versionAtLastSnapshot / every) {
            outputs.snapshot(live, wallClockMs.getAsLong());
            sensors.snapshot();
        }
    }
}
