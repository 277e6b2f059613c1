package dev.streamgrad.topology.internal;

import dev.streamgrad.topology.StreamgradConfig;

/**
 * The replicated mode's settings, taken from {@link StreamgradConfig}.
 *
 * @param syncTopic      the sync topic (a second source of the learner, co-partitioned with the input)
 * @param inputTopic     the input topic (named in the dead letters of held events refused later)
 * @param modelId        the one model's id ({@code streamgrad.model.id.constant})
 * @param replicas       R: the input topic's partition count
 * @param everyUpdates   a replica publishes after this many updates since its last round
 * @param maxHeldBytes   the most bytes of held events per replica (beyond: dead-lettered HOLD_FULL)
 * @param chunkBytes     the largest slice of a sync message in one record
 * @param staleness      0: synchronous rounds; 1: pipelined rounds ({@link StaleRound})
 */
record SyncSettings(String syncTopic, String inputTopic, String modelId, int replicas, long everyUpdates,
                    long maxHeldBytes, int chunkBytes, int staleness) {

    /** @return the settings, or null if the configuration is not replicated */
    static SyncSettings of(StreamgradConfig config) {
        if (!config.replicated()) {
            return null;
        }
        return new SyncSettings(config.syncTopic(), config.inputTopic(), config.modelIdConstant(),
                config.syncReplicas(), config.syncEveryUpdates(), config.syncMaxHeldBytes(),
                config.snapshotChunkBytes(), config.syncStaleness());
    }
}
