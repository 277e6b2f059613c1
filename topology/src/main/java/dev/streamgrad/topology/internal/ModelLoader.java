package dev.streamgrad.topology.internal;

import dev.streamgrad.model.Model;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a model into memory: restored from its checkpoint plus a replay of its log (the same weights, bit for bit,
 * as when it was written: a restart, a rebalance or a reload after eviction), or else new: from its snapshot in the
 * warm-start topic if there is one, else from the factory. Not thread-safe: one per task.
 */
final class ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
    private final ModelFactory factory;
    private final Journal journal;
    private final Trainer trainer;
    private final SnapshotLookup warmStart;
    private final int metricsWindow;

    /**
     * @param factory       makes and restores models
     * @param journal       reads checkpoints and logs
     * @param trainer       replays logs
     * @param warmStart     the warm-start snapshots, or null
     * @param metricsWindow the running metrics' window
     */
    ModelLoader(ModelFactory factory, Journal journal, Trainer trainer, SnapshotLookup warmStart, int metricsWindow) {
        this.factory = factory;
        this.journal = journal;
        this.trainer = trainer;
        this.warmStart = warmStart;
        this.metricsWindow = metricsWindow;
    }

    /**
     * @param modelId the model
     * @param reload  true once the task's cache has evicted models: a restore is then routine and logged at DEBUG
     * @return the model, restored or new ({@link LiveModel#created}: its checkpoint and first snapshot are due)
     */
    LiveModel load(String modelId, boolean reload) {
        ModelStore.Checkpoint cp = journal.store().readCheckpoint(modelId);
        if (cp == null) {
            LiveModel live = new LiveModel(modelId, newModel(modelId), new RunningMetrics(metricsWindow), true);
            live.log.stateBytes = factory.stateBytes();
            journal.requestCheckpoint(live);
            return live;
        }
        LiveModel live = new LiveModel(modelId, factory.fromBytes(cp.state()), new RunningMetrics(metricsWindow),
                false);
        live.log.checkpoint = cp;
        live.log.stateBytes = cp.state().length;
        live.log.lastOffsets.putAll(cp.lastOffsets());
        live.log.nextSeq = cp.coveredSeq() + 1;
        List<KeyValue<Long, WalEntry>> log = journal.logFrom(modelId, live.log.nextSeq);
        for (KeyValue<Long, WalEntry> kv : log) {
            trainer.replay(live, kv.key, kv.value);
        }
        // The replayed updates were committed together with their snapshots: none is due for them now.
        live.versionAtLastSnapshot = live.model.updates();
        live.changedSinceSnapshot = false;
        if (reload ? LOG.isDebugEnabled() : LOG.isInfoEnabled()) {
            String message = String.format("model '%s': restored version %d from a checkpoint (%d bytes) and %d log "
                    + "entries", modelId, live.model.updates(), cp.state().length, log.size());
            if (reload) {
                LOG.debug(message);
            } else {
                LOG.info(message);
            }
        }
        return live;
    }

    private Model newModel(String modelId) {
        if (warmStart != null) {
            WeightSnapshot s = warmStart.latest(modelId);   // SnapshotChunks.ChunkException if not assembled
            if (s != null) {
                LOG.info("model '{}': warm start from the snapshot of version {}", modelId, s.getVersion());
                return factory.fromSnapshot(s);
            }
        }
        return factory.create();
    }
}
