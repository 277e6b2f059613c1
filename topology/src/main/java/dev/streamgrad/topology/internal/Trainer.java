package dev.streamgrad.topology.internal;

import dev.streamgrad.model.InvalidInputException;
import dev.streamgrad.model.LabeledExample;
import dev.streamgrad.model.NonFiniteUpdateException;
import dev.streamgrad.serde.avro.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The learn step, the same for live events and for replay: per event, or into the model's micro-batch, which is
 * applied when full or (in stream time) too old.
 *
 * <p><b>Micro-batch isolation.</b> A batch is one update. If that update is refused (it would make a value
 * non-finite), the batch's events are learned one at a time, in order; each one whose own update is refused is
 * dead-lettered ({@code UPDATE_REFUSED}) and the others are learned. So a refused batch costs m updates, no event
 * ends up in no topic, and replay, which runs the same code on the same model, makes the same decisions.
 *
 * <p><b>Batch age.</b> A partly filled batch whose first event is {@code batch.max.age.ms} or more older than the
 * task's stream time (the largest record timestamp seen) is applied: before the model's next event, or by the
 * stream-time punctuator. A marker in the log records it, so replay applies it at the same point.
 *
 * <p><b>Drift.</b> A model that watches for drift is fed by a {@link DriftFeed} right after each update, in log
 * order. Replay feeds the same values in the same order, so a restored model's detector, and the actions it applied,
 * are the ones of the run without the restore. Only the live path reports detections ({@link #drainDetections});
 * replay's were reported when they were first made.
 */
final class Trainer {
    private final int batchSize;
    private final long batchMaxAgeMs;
    private final Journal journal;
    private final LearnerSensors sensors;
    private final DriftFeed drift = new DriftFeed();

    /** An event the model refused to learn, to dead-letter. */
    record Refused(WalEntry entry, Record<byte[], byte[]> record, Rejection why) { }

    /**
     * @param batchSize     m (1: per event)
     * @param batchMaxAgeMs the age in stream time after which a partial batch is applied (0: never)
     * @param journal       logs what is learned
     * @param sensors       counts labeled events and refused updates
     */
    Trainer(int batchSize, long batchMaxAgeMs, Journal journal, LearnerSensors sensors) {
        this.batchSize = batchSize;
        this.batchMaxAgeMs = batchMaxAgeMs;
        this.journal = journal;
        this.sensors = sensors;
    }

    /** @return true if a partly filled batch can be applied by age */
    boolean agesBatches() {
        return batchSize > 1 && batchMaxAgeMs > 0;
    }

    /**
     * Learns a live event, or adds it to the batch (which may then be applied).
     *
     * @param e       the event's entry; kept, not modified
     * @param record  the input record (for dead letters); kept, not modified
     * @param out     modified: the prediction made before learning
     * @param refused modified: receives the events of an applied batch that were refused
     * @return the loss of the prediction if the event was learned on its own, else null (batched: its loss is
     *     known when the batch is applied)
     * @throws Rejection UPDATE_REFUSED if a per-event update was refused (model unchanged)
     */
    Double learn(LiveModel live, WalEntry e, Record<byte[], byte[]> record, double[] out, List<Refused> refused)
            throws Rejection {
        if (batchSize == 1) {
            double loss = learnOne(live, e, out);
            journal.append(live, e);   // learned: logged, written before the offsets are committed
            return loss;
        }
        // The model does not change while the batch fills: its predictions now are the pre-update ones.
        live.model.predict(e.x(), out);
        long seq = journal.append(live, e);
        live.batch.add(e, seq, record);
        counted(live, e);
        if (live.batch.size() >= batchSize) {
            apply(live, refused, true);
        }
        return null;
    }

    /**
     * Applies the model's partial batch if it is too old at this stream time (logging a marker).
     *
     * @param refused modified: receives the refused events
     */
    void applyIfOld(LiveModel live, long streamTime, List<Refused> refused) {
        if (agesBatches() && live.batch.olderThan(streamTime, batchMaxAgeMs)) {
            journal.append(live, WalEntry.batchAppliedEarly());
            apply(live, refused, true);
        }
    }

    /** Re-applies one logged entry exactly as the live path applied it (no metrics, no outputs). */
    void replay(LiveModel live, long seq, WalEntry e) {
        if (seq != live.log.nextSeq) {
            throw new IllegalStateException("model '" + live.id + "': write-ahead log gap: expected sequence "
                    + live.log.nextSeq + ", found " + seq);
        }
        live.log.nextSeq = seq + 1;
        live.log.loggedBytes += e.sizeInBytes();
        if (e.kind() == WalEntry.Kind.BATCH_APPLIED_EARLY) {
            apply(live, null, false);
            return;
        }
        if (batchSize == 1) {
            double[] out = new double[live.model.outputSize()];
            double loss;
            try {
                loss = live.model.learn(e.example(), out);
            } catch (NonFiniteUpdateException | InvalidInputException ex) {
                throw new IllegalStateException("model '" + live.id + "': a logged event no longer learns", ex);
            }
            counted(live, e);
            drift.event(live, e, loss, out, false);
            return;
        }
        live.batch.add(e, seq, null);
        counted(live, e);
        if (live.batch.size() >= batchSize) {
            apply(live, null, false);
        }
    }

    private double learnOne(LiveModel live, WalEntry e, double[] out) throws Rejection {
        double loss;
        try {
            loss = live.model.learn(e.example(), out);
        } catch (NonFiniteUpdateException ex) {
            live.metrics.refused();
            sensors.refused();
            throw new Rejection(DeadLetterReason.UPDATE_REFUSED, ex.getMessage(), null, null);
        } catch (InvalidInputException ex) {
            // ExampleReader checked the example against the spec: a model of another spec (a warm start)
            throw new Rejection(DeadLetterReason.LABEL_OUT_OF_RANGE, ex.getMessage(), null, "target");
        }
        counted(live, e);
        drift.event(live, e, loss, out, true);
        return loss;
    }

    private static void counted(LiveModel live, WalEntry e) {
        live.log.eventsSinceCheckpoint++;
        live.log.lastOffsets.put(e.partition(), e.offset());
        live.changedSinceSnapshot = true;
    }

    /**
     * Applies the pending batch: one update, or if it is refused, its events one at a time (see the class comment).
     *
     * @param refused modified: receives the refused events (null in replay)
     * @param measured true on the live path: metrics are recorded, detections kept
     */
    private void apply(LiveModel live, List<Refused> refused, boolean measured) {
        PendingBatch batch = live.batch;
        if (batch.isEmpty()) {
            return;
        }
        int k = live.model.outputSize();
        double[] predictions = new double[batch.size() * k];
        try {
            double meanLoss = live.model.learnBatch(examples(batch.entries()), predictions);
            for (int r = 0; measured && r < batch.size(); r++) {
                labeled(live, batch.entries().get(r), meanLoss, predictions, r * k);
            }
            drift.batch(live, batch.entries(), meanLoss, predictions, measured);
        } catch (NonFiniteUpdateException | InvalidInputException e) {
            applyOneByOne(live, refused, measured);
        }
        live.changedSinceSnapshot = true;
        batch.clear();
    }

    private void applyOneByOne(LiveModel live, List<Refused> refused, boolean measured) {
        PendingBatch batch = live.batch;
        double[] row = new double[live.model.outputSize()];
        for (int r = 0; r < batch.size(); r++) {
            WalEntry e = batch.entries().get(r);
            try {
                double loss = live.model.learn(e.example(), row);
                if (measured) {
                    labeled(live, e, loss, row, 0);
                }
                drift.event(live, e, loss, row, measured);
            } catch (NonFiniteUpdateException | InvalidInputException ex) {
                if (measured) {
                    live.metrics.refused();
                    sensors.refused();
                }
                if (refused != null) {
                    refused.add(new Refused(e, batch.record(r), new Rejection(DeadLetterReason.UPDATE_REFUSED,
                            "event " + (r + 1) + " of a micro-batch of " + batch.size() + ": its update was refused ("
                            + ex.getMessage() + "); the other events were learned", null, null)));
                }
            }
        }
    }

    /**
     * Hands over the drifts detected on the live path since the last call, in detection order, and forgets them.
     *
     * @param sink receives each detection
     */
    void drainDetections(java.util.function.Consumer<DriftFeed.Detected> sink) {
        drift.drain(sink);
    }

    /** Records the metrics of a learned event whose prediction is the row at {@code off} of {@code predictions}. */
    private void labeled(LiveModel live, WalEntry e, double loss, double[] predictions, int off) {
        int target = live.model.targetClass(e.target());
        live.metrics.labeled(loss, target >= 0 && live.model.predictedClass(predictions, off) == target);
        sensors.labeled(loss);
    }

    private static List<LabeledExample> examples(List<WalEntry> entries) {
        List<LabeledExample> examples = new ArrayList<>(entries.size());
        for (WalEntry e : entries) {
            examples.add(e.example());
        }
        return examples;
    }

    /** Records the metrics of an event learned on its own (live path). */
    void measured(LiveModel live, WalEntry e, double loss, double[] prediction) {
        labeled(live, e, loss, prediction, 0);
    }
}
