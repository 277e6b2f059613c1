package dev.streamgrad.topology;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The keys of {@link StreamgradConfig}'s replicated mode: the replicas and their synchronous rounds. */
interface ReplicatedKeys {

    String REPLICATED_CONFIG = StreamgradConfig.PREFIX + "replicated";
    String REPLICATED_DOC = "true: one model (streamgrad.model.id.source=constant) learned by a "
            + "replica in the task of each input partition, without a repartition, and averaged in synchronous rounds "
            + "through streamgrad.sync.topic (iterative parameter mixing, weighted by events; see the README's "
            + "replicated mode). false: the constant id is repartitioned to one task.";

    String SYNC_TOPIC_CONFIG = StreamgradConfig.PREFIX + "sync.topic";
    String SYNC_TOPIC_DOC = "Replicated mode: the topic of the replicas' contributions and "
            + "the averages. It must have exactly as many partitions as the input topic (checked at start): its "
            + "partition p is read by the task of input partition p.";

    String SYNC_REPLICAS_CONFIG = StreamgradConfig.PREFIX + "sync.replicas";
    String SYNC_REPLICAS_DOC = "Replicated mode: R, the number of replicas, which is the "
            + "partition count of the input topic and of streamgrad.sync.topic (checked at start). A round is "
            + "averaged when all R replicas have contributed.";

    String SYNC_EVERY_UPDATES_CONFIG = StreamgradConfig.PREFIX + "sync.every.updates";
    String SYNC_EVERY_UPDATES_DOC = "Replicated mode: a replica publishes its parameters after "
            + "this many updates since its last round, then holds its labeled events (predicted at once, learned "
            + "later) until the round's average arrives.";

    String SYNC_MAX_HELD_BYTES_CONFIG = StreamgradConfig.PREFIX + "sync.max.held.bytes";
    String SYNC_MAX_HELD_BYTES_DOC = "Replicated mode: the most bytes of labeled events a "
            + "replica holds while it waits for an average (e.g. while another partition is idle); a labeled event "
            + "beyond it is dead-lettered with reason HOLD_FULL (not predicted, not learned).";

    String SYNC_STALENESS_CONFIG = StreamgradConfig.PREFIX + "sync.staleness";
    String SYNC_STALENESS_DOC = "Replicated mode: 0 = synchronous rounds (a replica holds its "
            + "labeled events from publishing a round until its average arrives); 1 = pipelined rounds: a replica "
            + "keeps learning after publishing round r, and at its next round (sync.every.updates updates later) "
            + "applies the average of round r as average + (its parameters now - those it published), then "
            + "publishes round r+1; it holds only if the average has not arrived by then. Both are decided by the "
            + "input alone (see the README's replicated mode).";

    /** Adds the definitions of these keys (type, default, validator, doc) to {@code def}, which is modified. */
    static void define(ConfigDef def) {
        def
            .define(REPLICATED_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, REPLICATED_DOC)
            .define(SYNC_TOPIC_CONFIG, Type.STRING, "streamgrad-sync", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, SYNC_TOPIC_DOC)
            .define(SYNC_REPLICAS_CONFIG, Type.INT, 1, Range.between(1, 1 << 16), Importance.MEDIUM,
                    SYNC_REPLICAS_DOC)
            .define(SYNC_EVERY_UPDATES_CONFIG, Type.LONG, 1000L, Range.atLeast(1), Importance.MEDIUM,
                    SYNC_EVERY_UPDATES_DOC)
            .define(SYNC_MAX_HELD_BYTES_CONFIG, Type.LONG, 64L << 20, Range.atLeast(1), Importance.LOW,
                    SYNC_MAX_HELD_BYTES_DOC)
            .define(SYNC_STALENESS_CONFIG, Type.INT, 0, Range.between(0, 1), Importance.LOW, SYNC_STALENESS_DOC);
    }
}
