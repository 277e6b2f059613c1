package dev.streamgrad.topology.internal;

import java.time.Duration;
import java.util.function.LongConsumer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The learner's scheduled work. Wall-clock time triggers only outputs and the timing of writes (which change no
 * weights): the sensors' flush, snapshots of changed models, metrics reports, checkpoint requests. The one state
 * change, applying micro-batches that are too old, runs in stream time, so a replay of the same records decides it
 * the same way.
 */
final class LearnerPunctuators {
    private final LearnerSettings settings;
    private final ModelCache models;
    private final Journal journal;
    private final LearnerSensors sensors;
    private final Outputs outputs;
    private final LongConsumer applyOldBatches;

    /**
     * @param applyOldBatches applies the micro-batches that are too old at the given stream time
     */
    LearnerPunctuators(LearnerSettings settings, ModelCache models, Journal journal, LearnerSensors sensors,
                       Outputs outputs, LongConsumer applyOldBatches) {
        this.settings = settings;
        this.models = models;
        this.journal = journal;
        this.sensors = sensors;
        this.outputs = outputs;
        this.applyOldBatches = applyOldBatches;
    }

    /** Schedules them on the processor's context. */
    void schedule(ProcessorContext<?, ?> context) {
        // The counters are recorded in bulk: at most a second late, whatever the commit interval.
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> sensors.flushCounts());
        if (settings.batchSize() > 1 && settings.batchMaxAgeMs() > 0) {
            long period = Math.max(1, settings.batchMaxAgeMs() / 4);
            context.schedule(Duration.ofMillis(period), PunctuationType.STREAM_TIME, applyOldBatches::accept);
        }
        if (settings.snapshotIntervalMs() > 0) {
            context.schedule(Duration.ofMillis(settings.snapshotIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                    now -> models.all().forEach(m -> {
                        if (m.changedSinceSnapshot) {
                            outputs.snapshot(m, now);
                            sensors.snapshot();
                        }
                    }));
        }
        if (settings.metricsIntervalMs() > 0) {
            context.schedule(Duration.ofMillis(settings.metricsIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                    now -> models.all().forEach(m -> outputs.metrics(m, now)));
        }
        if (settings.checkpointIntervalMs() > 0) {
            context.schedule(Duration.ofMillis(settings.checkpointIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                    now -> models.all().forEach(m -> {
                        if (m.log.eventsSinceCheckpoint > 0) {
                            journal.requestCheckpoint(m);   // written at the next commit
                        }
                    }));
        }
    }
}
