package dev.streamgrad.topology;

import java.util.Map;
import java.util.Properties;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.drift.DriftSpec;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The {@code streamgrad.*} settings of the topology: topics, model, learning cadence, snapshots, metrics and the
 * model store. Every key is a {@code *_CONFIG} constant with a {@code *_DOC} string, defined once in
 * {@link #configDef()} (the deploy module generates the README's table from it). Unknown keys (the Kafka Streams
 * and serde settings beside these) are ignored. Bad values fail at construction with a {@link ConfigException}
 * naming the key.
 *
 * <p>The keys are declared by feature, each with its definition, in the package-private {@code *Keys} interfaces
 * this class implements (core, model, replicated mode, snapshots, metrics, model store, drift, late labels): their
 * constants are this class's, so {@code StreamgradConfig.INPUT_TOPIC_CONFIG} names them as before.
 */
public final class StreamgradConfig extends AbstractConfig
        implements CoreKeys, ModelKeys, ReplicatedKeys, SnapshotKeys, MetricsKeys, StoreKeys, DriftKeys, LabelKeys {

    /** The prefix of every key. */
    static final String PREFIX = "streamgrad.";

    /** Model id sources. */
    public enum ModelIdSource { KEY, FIELD, CONSTANT }

    /** Input value formats. */
    public enum InputFormat { LABELED_EVENT, AVRO_RECORD, JSON }

    private static final ConfigDef CONFIG = definition();

    /** @return the definition of every key, feature by feature */
    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        CoreKeys.define(def);
        ModelKeys.define(def);
        ReplicatedKeys.define(def);
        SnapshotKeys.define(def);
        MetricsKeys.define(def);
        StoreKeys.define(def);
        DriftKeys.define(def);
        LabelKeys.define(def);
        return def;
    }

    /**
     * @param props the application's configuration (streamgrad, Streams and serde keys together); not modified
     * @throws ConfigException naming the key of the first bad value
     */
    public StreamgradConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
        spec = ModelKeys.parseSpec(getString(MODEL_SPEC_CONFIG));
        if (!labelsTopic().isEmpty() && batchSize() > 1) {
            // A joined event is scored with the prediction held since its features arrived; a micro-batch scores
            // its events when it is applied. One rule per run: late labels learn per event.
            throw new ConfigException(LABELS_TOPIC_CONFIG, labelsTopic(), "late labels need "
                    + BATCH_SIZE_CONFIG + "=1 (it is " + batchSize() + ")");
        }
        if (replicated() && !labelsTopic().isEmpty()) {
            // The replicas hold events by round while the join holds them by label: the two are not combined yet.
            throw new ConfigException(LABELS_TOPIC_CONFIG, labelsTopic(), "late labels are not available in the "
                    + "replicated mode (" + REPLICATED_CONFIG + "=true)");
        }
        if (replicated() && modelIdSource() != ModelIdSource.CONSTANT) {
            throw new ConfigException(REPLICATED_CONFIG, true, "the replicated mode learns one model: it needs "
                    + MODEL_ID_SOURCE_CONFIG + "=constant");
        }
    }

    private final NetworkSpec spec;

    /** @return the parsed model spec */
    public NetworkSpec networkSpec() {
        return spec;
    }

    /** @return the definition of every streamgrad key (type, default, validator, doc); a copy */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** @param props the configuration; not modified @return the parsed configuration */
    public static StreamgradConfig of(Properties props) {
        return new StreamgradConfig(props);
    }

    public String inputTopic() { return getString(INPUT_TOPIC_CONFIG); }
    public String predictionsTopic() { return getString(PREDICTIONS_TOPIC_CONFIG); }
    public String snapshotsTopic() { return getString(SNAPSHOTS_TOPIC_CONFIG); }
    public String metricsTopic() { return getString(METRICS_TOPIC_CONFIG); }
    public String deadLetterTopic() { return getString(DEAD_LETTER_TOPIC_CONFIG); }
    public String modelSpec() { return getString(MODEL_SPEC_CONFIG); }
    public ModelIdSource modelIdSource() {
        return ModelIdSource.valueOf(getString(MODEL_ID_SOURCE_CONFIG).toUpperCase(java.util.Locale.ROOT));
    }
    public String modelIdField() { return getString(MODEL_ID_FIELD_CONFIG); }
    public String modelIdConstant() { return getString(MODEL_ID_CONSTANT_CONFIG); }
    public int batchSize() { return getInt(BATCH_SIZE_CONFIG); }
    public long batchMaxAgeMs() { return getLong(BATCH_MAX_AGE_MS_CONFIG); }
    public long snapshotEveryUpdates() { return getLong(SNAPSHOT_EVERY_UPDATES_CONFIG); }
    public long snapshotIntervalMs() { return getLong(SNAPSHOT_INTERVAL_MS_CONFIG); }
    public int snapshotChunkBytes() { return getInt(SNAPSHOT_CHUNK_BYTES_CONFIG); }
    public InputFormat inputFormat() {
        return InputFormat.valueOf(getString(INPUT_FORMAT_CONFIG).toUpperCase(java.util.Locale.ROOT));
    }
    public long metricsIntervalMs() { return getLong(METRICS_INTERVAL_MS_CONFIG); }
    public int metricsWindow() { return getInt(METRICS_WINDOW_CONFIG); }
    /** @return K, or -1 for automatic */
    public int checkpointEveryEvents() { return getInt(CHECKPOINT_EVERY_EVENTS_CONFIG); }
    public long checkpointIntervalMs() { return getLong(CHECKPOINT_INTERVAL_MS_CONFIG); }
    public int deadLetterMaxBytes() { return getInt(DEAD_LETTER_MAX_BYTES_CONFIG); }

    /** @return {@value #INPUT_MAX_ABS_CONFIG}: the largest magnitude of a feature or target value */
    public double inputMaxAbs() { return getDouble(INPUT_MAX_ABS_CONFIG); }
    public int modelCacheMaxModels() { return getInt(MODEL_CACHE_MAX_MODELS_CONFIG); }
    public long modelCacheMaxBytes() { return getLong(MODEL_CACHE_MAX_BYTES_CONFIG); }
    public String kernels() { return getString(KERNELS_CONFIG).toUpperCase(java.util.Locale.ROOT); }
    public String warmStartFile() { return getString(WARM_START_FILE_CONFIG); }
    public String warmStartTopic() { return getString(WARM_START_TOPIC_CONFIG); }
    public String storeName() { return getString(STORE_NAME_CONFIG); }
    public String nodePrefix() { return getString(NODE_PREFIX_CONFIG); }
    public String driftTopic() { return getString(DRIFT_TOPIC_CONFIG); }
    /** @return the labels topic, or "" if late labels are off */
    public String labelsTopic() { return getString(LABELS_TOPIC_CONFIG); }

    /** @return label, avro_record or json */
    public String labelsFormat() { return getString(LABELS_FORMAT_CONFIG).toLowerCase(java.util.Locale.ROOT); }

    /** @return how long held items wait, in stream time */
    public long labelsMaxDelayMs() { return getLong(LABELS_MAX_DELAY_MS_CONFIG); }

    /** @return the byte budget of held items per task */
    public long labelsMaxBytes() { return getLong(LABELS_MAX_BYTES_CONFIG); }

    /** @return true in the replicated mode (one model, a replica per input partition, averaged through the sync topic) */
    public boolean replicated() { return getBoolean(REPLICATED_CONFIG); }
    public String syncTopic() { return getString(SYNC_TOPIC_CONFIG); }
    public int syncReplicas() { return getInt(SYNC_REPLICAS_CONFIG); }
    public long syncEveryUpdates() { return getLong(SYNC_EVERY_UPDATES_CONFIG); }
    public long syncMaxHeldBytes() { return getLong(SYNC_MAX_HELD_BYTES_CONFIG); }
    public int syncStaleness() { return getInt(SYNC_STALENESS_CONFIG); }

    /**
     * @param classifier whether the model classifies (the auto signal is then the 0/1 error)
     * @return the drift spec every model watches with, or null if {@link #DRIFT_DETECTOR_CONFIG} is none
     */
    public DriftSpec driftSpec(boolean classifier) {
        return DriftKeys.driftSpec(this, classifier);
    }
}
