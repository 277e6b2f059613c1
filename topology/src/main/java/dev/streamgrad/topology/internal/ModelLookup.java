package dev.streamgrad.topology.internal;

import java.util.function.LongSupplier;

/**
 * Finds the model of a model id for the learner: in memory ({@link ModelCache}), or restored from the store or new
 * ({@link ModelLoader}). A model that is new gets its first snapshot at once, except in the replicated mode when
 * this replica does not write snapshots ({@link SyncRounds#snapshots()}).
 */
final class ModelLookup {
    private final ModelCache models;
    private final ModelLoader loader;
    /** The late-label join, or null if late labels are off. */
    private final LabelJoin labels;
    /** This task's replica and its rounds (replicated mode), or null. */
    private final SyncRounds rounds;
    private final Outputs outputs;
    private final LearnerSensors sensors;
    private final LongSupplier wallClockMs;

    /**
     * @param labels      the late-label join (its metrics are attached to each model loaded), or null
     * @param rounds      the replica's rounds, or null
     * @param wallClockMs the time stamped on a new model's snapshot
     */
    ModelLookup(ModelCache models, ModelLoader loader, LabelJoin labels, SyncRounds rounds, Outputs outputs,
                LearnerSensors sensors, LongSupplier wallClockMs) {
        this.models = models;
        this.loader = loader;
        this.labels = labels;
        this.rounds = rounds;
        this.outputs = outputs;
        this.sensors = sensors;
        this.wallClockMs = wallClockMs;
    }

    /**
     * @param modelId the model id
     * @return its live model, put into the cache (which may evict another)
     */
    LiveModel model(String modelId) {
        LiveModel live = models.get(modelId);
        if (live == null) {
            live = loader.load(modelId, models.evictions() > 0);
            if (labels != null) {
                live.metrics.labels(labels.metricsOf(modelId));
            }
            models.put(live);
            if (live.created && (rounds == null || rounds.snapshots())) {
                outputs.snapshot(live, wallClockMs.getAsLong());
                sensors.snapshot();
            }
        }
        return live;
    }
}
