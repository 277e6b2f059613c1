package dev.streamgrad.topology.internal;

import dev.streamgrad.topology.StreamgradConfig;

/**
 * The learner processor's settings, taken from {@link StreamgradConfig}.
 *
 * @param storeName             the model store
 * @param warmStartStoreName    the global store of warm-start snapshots, or null
 * @param batchSize             m (1 = per event)
 * @param batchMaxAgeMs         age in stream time after which a partial batch is applied (0 = never)
 * @param snapshotEveryUpdates  snapshot every N updates (0 = not by count)
 * @param snapshotIntervalMs    snapshot changed models every T ms (0 = not by time)
 * @param metricsIntervalMs     metrics report period (0 = none)
 * @param metricsWindow         window of the running means
 * @param checkpointEveryEvents K, or -1 for automatic
 * @param checkpointIntervalMs  checkpoint period (0 = none)
 * @param chunkBytes            largest checkpoint chunk
 * @param cacheMaxModels        most models in memory per task
 * @param cacheMaxBytes         most bytes of model state in memory per task
 * @param deadLetterMaxBytes    most key + value bytes copied into a dead letter
 */
record LearnerSettings(String storeName, String warmStartStoreName, int batchSize, long batchMaxAgeMs,
                       long snapshotEveryUpdates, long snapshotIntervalMs, long metricsIntervalMs,
                       int metricsWindow, int checkpointEveryEvents, long checkpointIntervalMs,
                       int chunkBytes, int cacheMaxModels, long cacheMaxBytes, int deadLetterMaxBytes) {

    /**
     * @param config             the configuration
     * @param storeName          the model store's full name
     * @param warmStartStoreName the warm-start global store's name, or null
     * @return the settings
     */
    static LearnerSettings of(StreamgradConfig config, String storeName, String warmStartStoreName) {
        return new LearnerSettings(storeName, warmStartStoreName, config.batchSize(), config.batchMaxAgeMs(),
                // Replicated: one snapshot per averaging round, by replica 0 (SyncRounds), none by count or time.
                config.replicated() ? 0 : config.snapshotEveryUpdates(),
                config.replicated() ? 0 : config.snapshotIntervalMs(), config.metricsIntervalMs(),
                config.metricsWindow(), config.checkpointEveryEvents(), config.checkpointIntervalMs(),
                ModelStore.DEFAULT_CHUNK_BYTES, config.modelCacheMaxModels(), config.modelCacheMaxBytes(),
                config.deadLetterMaxBytes());
    }
}
