package dev.streamgrad.topology;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The model-store keys of {@link StreamgradConfig}: the store's name, how often a model is checkpointed into it, and
 * how many models a task keeps in memory.
 */
interface StoreKeys {

    String STORE_NAME_CONFIG = StreamgradConfig.PREFIX + "store.name";
    String STORE_NAME_DOC = "Name of the model state store, after streamgrad.node.prefix (with the "
            + "defaults: streamgrad-models; its changelog topic is <application.id>-streamgrad-models-changelog).";

    String CHECKPOINT_EVERY_EVENTS_CONFIG = StreamgradConfig.PREFIX + "checkpoint.every.events";
    String CHECKPOINT_EVERY_EVENTS_DOC = "K: at a commit, a model that learned at least K "
            + "events since its last checkpoint is serialised into the model store (a new checkpoint); otherwise the "
            + "events it learned are written as write-ahead-log segments. The store is written only at commits, so "
            + "a model is serialised at most once per commit whatever K is. -1 = automatic: checkpoint once the log "
            + "since the last checkpoint is as many bytes as the model. Larger K means less serialisation, more "
            + "replay at restore.";

    String CHECKPOINT_INTERVAL_MS_CONFIG = StreamgradConfig.PREFIX + "checkpoint.interval.ms";
    String CHECKPOINT_INTERVAL_MS_DOC = "Also checkpoint, at the next commit, every model that "
            + "learned since its last checkpoint, every T ms of wall-clock time (0 = only by K and at close).";

    String MODEL_CACHE_MAX_MODELS_CONFIG = StreamgradConfig.PREFIX + "model.cache.max.models";
    String MODEL_CACHE_MAX_MODELS_DOC = "Most models a task keeps in memory; beyond it the least "
            + "recently used is written to the model store and dropped (it is reloaded, bit for bit, when its key "
            + "comes back).";

    String MODEL_CACHE_MAX_BYTES_CONFIG = StreamgradConfig.PREFIX + "model.cache.max.bytes";
    String MODEL_CACHE_MAX_BYTES_DOC = "Most bytes of serialised model state a task keeps in "
            + "memory (the sum of the cached models' checkpoint sizes); beyond it the least recently used models are "
            + "written to the model store and dropped. One model larger than this is still kept (alone).";

    /** Adds the definitions of these keys (type, default, validator, doc) to {@code def}, which is modified. */
    static void define(ConfigDef def) {
        def
            .define(STORE_NAME_CONFIG, Type.STRING, "models", new ConfigDef.NonEmptyString(),
                    Importance.LOW, STORE_NAME_DOC)
            .define(CHECKPOINT_EVERY_EVENTS_CONFIG, Type.INT, -1, ConfigDef.LambdaValidator.with((name, value) -> {
                int k = (Integer) value;
                if (k == 0 || k < -1) {
                    throw new ConfigException(name, value, "must be -1 (automatic) or at least 1");
                }
            }, () -> "-1 (auto) or [1,...]"), Importance.MEDIUM, CHECKPOINT_EVERY_EVENTS_DOC)
            .define(CHECKPOINT_INTERVAL_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                    CHECKPOINT_INTERVAL_MS_DOC)
            .define(MODEL_CACHE_MAX_MODELS_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    MODEL_CACHE_MAX_MODELS_DOC)
            .define(MODEL_CACHE_MAX_BYTES_CONFIG, Type.LONG, 256L << 20, Range.atLeast(1), Importance.MEDIUM,
                    MODEL_CACHE_MAX_BYTES_DOC);
    }
}
