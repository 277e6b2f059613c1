package dev.streamgrad.topology;

import java.util.Map;
import java.util.Properties;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.drift.DetectorSpec;
import dev.streamgrad.model.drift.DriftAction;
import dev.streamgrad.model.drift.DriftSignal;
import dev.streamgrad.model.drift.DriftSpec;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The {@code streamgrad.*} settings of the topology: topics, model, learning cadence, snapshots, metrics and the
 * model store. Every key is a {@code *_CONFIG} constant with a {@code *_DOC} string, defined once in
 * {@link #configDef()} (the deploy module generates the README's table from it). Unknown keys (the Kafka Streams
 * and serde settings beside these) are ignored. Bad values fail at construction with a {@link ConfigException}
 * naming the key.
 */
public final class StreamgradConfig extends AbstractConfig {

    private static final String PREFIX = "streamgrad.";

    public static final String INPUT_TOPIC_CONFIG = PREFIX + "input.topic";
    public static final String INPUT_TOPIC_DOC = "Topic of the LabeledEvent records to score and learn from.";

    public static final String PREDICTIONS_TOPIC_CONFIG = PREFIX + "predictions.topic";
    public static final String PREDICTIONS_TOPIC_DOC = "Topic the Prediction records go to (key = model id).";

    public static final String SNAPSHOTS_TOPIC_CONFIG = PREFIX + "snapshots.topic";
    public static final String SNAPSHOTS_TOPIC_DOC = "Compacted topic of WeightSnapshot records (key = model id). "
            + "A snapshot larger than streamgrad.snapshot.chunk.bytes is written as several records (chunks, then a "
            + "manifest under the model id), so Kafka's default record limits do for any model size.";

    public static final String SNAPSHOT_CHUNK_BYTES_CONFIG = PREFIX + "snapshot.chunk.bytes";
    public static final String SNAPSHOT_CHUNK_BYTES_DOC = "An encoded snapshot larger than this is split into "
            + "chunk records of at most this many bytes plus a small manifest (reassembled and checked by readers). "
            + "Keep it under the producer's max.request.size and the snapshot topic's max.message.bytes (both 1 MB "
            + "by default) minus ~1 KB for the key and headers.";

    public static final String INPUT_FORMAT_CONFIG = PREFIX + "input.format";
    public static final String INPUT_FORMAT_DOC = "Format of the input values: labeled_event (streamgrad's "
            + "LabeledEvent), avro_record (any Avro record in the registry wire format, needs schema.registry.url) or "
            + "json (a UTF-8 JSON object); the last two are mapped to (x, y) by the streamgrad.mapper.* keys "
            + "(serde's FeatureMapperConfig).";

    public static final String METRICS_TOPIC_CONFIG = PREFIX + "metrics.topic";
    public static final String METRICS_TOPIC_DOC = "Topic of the periodic running metrics of each model (key = model "
            + "id, value = a UTF-8 JSON object of named numbers).";

    public static final String DEAD_LETTER_TOPIC_CONFIG = PREFIX + "dead.letter.topic";
    public static final String DEAD_LETTER_TOPIC_DOC = "Topic of the DeadLetter records: every record that could not "
            + "be decoded, mapped or learned, with the reason and the original key and value bytes.";

    public static final String MODEL_SPEC_CONFIG = PREFIX + "model.spec";
    public static final String MODEL_SPEC_DOC = "The network of every new model, as a NetworkSpec JSON object or its "
            + "compact string form 'd,n1:act1,...,nL:actL'. The compact form sets only the layers: loss squared_error,"
            + " optimizer sgd with learning rate 0.01, no L2, seed 0; give the JSON form for anything else (e.g. a"
            + " sigmoid output wants binary_cross_entropy).";

    public static final String MODEL_ID_SOURCE_CONFIG = PREFIX + "model.id.source";
    public static final String MODEL_ID_SOURCE_DOC = "Where a record's model id comes from: 'key' (the record key, "
            + "a UTF-8 string: one model per key, no repartition), 'field' (a field of the value, see "
            + "streamgrad.model.id.field; the stream is repartitioned by it) or 'constant' (one shared model, see "
            + "streamgrad.model.id.constant; the stream is repartitioned to it).";

    public static final String MODEL_ID_FIELD_CONFIG = PREFIX + "model.id.field";
    public static final String MODEL_ID_FIELD_DOC = "The field holding the model id when "
            + "streamgrad.model.id.source=field: a LabeledEvent field, or with another streamgrad.input.format a "
            + "dot-separated path in the user's record.";

    public static final String MODEL_ID_CONSTANT_CONFIG = PREFIX + "model.id.constant";
    public static final String MODEL_ID_CONSTANT_DOC = "The model id of every record when "
            + "streamgrad.model.id.source=constant.";

    public static final String REPLICATED_CONFIG = PREFIX + "replicated";
    public static final String REPLICATED_DOC = "true: one model (streamgrad.model.id.source=constant) learned by a "
            + "replica in the task of each input partition, without a repartition, and averaged in synchronous rounds "
            + "through streamgrad.sync.topic (iterative parameter mixing, weighted by events; see the README's "
            + "replicated mode). false: the constant id is repartitioned to one task.";

    public static final String SYNC_TOPIC_CONFIG = PREFIX + "sync.topic";
    public static final String SYNC_TOPIC_DOC = "Replicated mode: the topic of the replicas' contributions and "
            + "the averages. It must have exactly as many partitions as the input topic (checked at start): its "
            + "partition p is read by the task of input partition p.";

    public static final String SYNC_REPLICAS_CONFIG = PREFIX + "sync.replicas";
    public static final String SYNC_REPLICAS_DOC = "Replicated mode: R, the number of replicas, which is the "
            + "partition count of the input topic and of streamgrad.sync.topic (checked at start). A round is "
            + "averaged when all R replicas have contributed.";

    public static final String SYNC_EVERY_UPDATES_CONFIG = PREFIX + "sync.every.updates";
    public static final String SYNC_EVERY_UPDATES_DOC = "Replicated mode: a replica publishes its parameters after "
            + "this many updates since its last round, then holds its labeled events (predicted at once, learned "
            + "later) until the round's average arrives.";

    public static final String SYNC_MAX_HELD_BYTES_CONFIG = PREFIX + "sync.max.held.bytes";
    public static final String SYNC_MAX_HELD_BYTES_DOC = "Replicated mode: the most bytes of labeled events a "
            + "replica holds while it waits for an average (e.g. while another partition is idle); a labeled event "
            + "beyond it is dead-lettered with reason HOLD_FULL (not predicted, not learned).";

    public static final String SYNC_STALENESS_CONFIG = PREFIX + "sync.staleness";
    public static final String SYNC_STALENESS_DOC = "Replicated mode: 0 = synchronous rounds (a replica holds its "
            + "labeled events from publishing a round until its average arrives); 1 = pipelined rounds: a replica "
            + "keeps learning after publishing round r, and at its next round (sync.every.updates updates later) "
            + "applies the average of round r as average + (its parameters now - those it published), then "
            + "publishes round r+1; it holds only if the average has not arrived by then. Both are decided by the "
            + "input alone (see the README's replicated mode).";

    public static final String BATCH_SIZE_CONFIG = PREFIX + "batch.size";
    public static final String BATCH_SIZE_DOC = "Micro-batch size m: labeled events are learned m at a time "
            + "(1 = per event).";

    public static final String BATCH_MAX_AGE_MS_CONFIG = PREFIX + "batch.max.age.ms";
    public static final String BATCH_MAX_AGE_MS_DOC = "A partly filled micro-batch is applied as it is once the "
            + "stream time (the largest record timestamp seen by the task) is this many ms past the timestamp of its "
            + "first event: before the model's next event, or by a stream-time punctuator; 0 = only full batches are "
            + "applied.";

    public static final String SNAPSHOT_EVERY_UPDATES_CONFIG = PREFIX + "snapshot.every.updates";
    public static final String SNAPSHOT_EVERY_UPDATES_DOC = "Emit a weight snapshot after every N updates "
            + "(0 = not by count). A snapshot is also emitted when a model is created.";

    public static final String SNAPSHOT_INTERVAL_MS_CONFIG = PREFIX + "snapshot.interval.ms";
    public static final String SNAPSHOT_INTERVAL_MS_DOC = "Emit a weight snapshot of each model that changed, every "
            + "T ms of wall-clock time (0 = not by time).";

    public static final String METRICS_INTERVAL_MS_CONFIG = PREFIX + "metrics.interval.ms";
    public static final String METRICS_INTERVAL_MS_DOC = "Emit each model's running metrics to the metrics topic "
            + "every T ms of wall-clock time (0 = never; the Kafka Streams metrics are always kept).";

    public static final String METRICS_WINDOW_CONFIG = PREFIX + "metrics.window";
    public static final String METRICS_WINDOW_DOC = "Number of most recent labeled events the windowed mean loss "
            + "and accuracy are computed over; the exponentially weighted mean uses alpha = 2 / (window + 1).";

    public static final String CHECKPOINT_EVERY_EVENTS_CONFIG = PREFIX + "checkpoint.every.events";
    public static final String CHECKPOINT_EVERY_EVENTS_DOC = "K: at a commit, a model that learned at least K "
            + "events since its last checkpoint is serialised into the model store (a new checkpoint); otherwise the "
            + "events it learned are written as write-ahead-log segments. The store is written only at commits, so "
            + "a model is serialised at most once per commit whatever K is. -1 = automatic: checkpoint once the log "
            + "since the last checkpoint is as many bytes as the model. Larger K means less serialisation, more "
            + "replay at restore.";

    public static final String CHECKPOINT_INTERVAL_MS_CONFIG = PREFIX + "checkpoint.interval.ms";
    public static final String CHECKPOINT_INTERVAL_MS_DOC = "Also checkpoint, at the next commit, every model that "
            + "learned since its last checkpoint, every T ms of wall-clock time (0 = only by K and at close).";

    public static final String DEAD_LETTER_MAX_BYTES_CONFIG = PREFIX + "dead.letter.max.bytes";
    public static final String DEAD_LETTER_MAX_BYTES_DOC = "At most this many bytes of a bad record's key and value "
            + "(together, the key first) are copied into its dead letter; the dead letter also records the original "
            + "sizes and whether the copy was truncated. The default keeps any dead letter well under the producer's "
            + "default max.request.size (1 MB).";
    public static final String INPUT_MAX_ABS_CONFIG = PREFIX + "input.max.abs";
    public static final String INPUT_MAX_ABS_DOC = "The largest magnitude a feature or target value may have. A record "
            + "with a larger (finite) value is dead-lettered as VALUE_TOO_LARGE, like NaN/Inf (NON_FINITE_VALUE): the "
            + "default 1e150 keeps every square the model computes (scaler variance, squared error) finite.";
    /** The default of {@link #INPUT_MAX_ABS_CONFIG}: the square of a value below it is finite, with room to add. */
    public static final double DEFAULT_INPUT_MAX_ABS = 1e150;

    /** The default of {@link #DEAD_LETTER_MAX_BYTES_CONFIG}: 1 MB minus room for the rest of the dead letter. */
    public static final int DEFAULT_DEAD_LETTER_MAX_BYTES = 900 * 1024;

    public static final String MODEL_CACHE_MAX_MODELS_CONFIG = PREFIX + "model.cache.max.models";
    public static final String MODEL_CACHE_MAX_MODELS_DOC = "Most models a task keeps in memory; beyond it the least "
            + "recently used is written to the model store and dropped (it is reloaded, bit for bit, when its key "
            + "comes back).";

    public static final String MODEL_CACHE_MAX_BYTES_CONFIG = PREFIX + "model.cache.max.bytes";
    public static final String MODEL_CACHE_MAX_BYTES_DOC = "Most bytes of serialised model state a task keeps in "
            + "memory (the sum of the cached models' checkpoint sizes); beyond it the least recently used models are "
            + "written to the model store and dropped. One model larger than this is still kept (alone).";

    public static final String KERNELS_CONFIG = PREFIX + "kernels";
    public static final String KERNELS_DOC = "Numeric kernel backend: auto, java, vector or native.";

    public static final String WARM_START_FILE_CONFIG = PREFIX + "warm.start.file";
    public static final String WARM_START_FILE_DOC = "A model-state file (ModelStateCodec bytes) every new model "
            + "starts from instead of random weights; empty = none.";

    public static final String WARM_START_TOPIC_CONFIG = PREFIX + "warm.start.topic";
    public static final String WARM_START_TOPIC_DOC = "A snapshot topic (read into a global store): a new model "
            + "starts from the snapshot with its model id there, if any, instead of random weights; empty = none. "
            + "Takes precedence over streamgrad.warm.start.file.";

    public static final String STORE_NAME_CONFIG = PREFIX + "store.name";
    public static final String STORE_NAME_DOC = "Name of the model state store, after streamgrad.node.prefix (with the "
            + "defaults: streamgrad-models; its changelog topic is <application.id>-streamgrad-models-changelog).";

    public static final String NODE_PREFIX_CONFIG = PREFIX + "node.prefix";
    public static final String NODE_PREFIX_DOC = "Prefix of every processor node, repartition topic and store "
            + "added by streamgrad, so that several learners can live in one topology.";

    public static final String LABELS_TOPIC_CONFIG = PREFIX + "labels.topic";
    public static final String LABELS_TOPIC_DOC = "Topic of late labels (Label records: eventId, target, optional "
            + "modelId and eventTime), joined with the held features of events that have an id and no target. Empty "
            + "(the default): no labels topic, every event is learned or predicted as it comes. Keyed like the input "
            + "topic (model id when streamgrad.model.id.source=key: the same partition count); with field/constant "
            + "the labels go through the same repartition topic as the events. Not with streamgrad.batch.size > 1.";
    public static final String LABELS_FORMAT_CONFIG = PREFIX + "labels.format";
    public static final String LABELS_FORMAT_DOC = "What the labels topic holds: label (streamgrad's Label records, "
            + "registry wire format or single-object encoding), avro_record (your own Avro records, registry wire "
            + "format) or json (UTF-8 JSON objects); the last two are mapped by the streamgrad.labels.mapper.* keys.";
    public static final String LABELS_MAX_DELAY_MS_CONFIG = PREFIX + "labels.max.delay.ms";
    public static final String LABELS_MAX_DELAY_MS_DOC = "How long, in stream time (record timestamps), the features of "
            + "an unlabeled event wait for their label, a label for its features, and a joined event id is remembered "
            + "to drop duplicate labels. An item older than this is evicted (FEATURES_EXPIRED / LABEL_EXPIRED dead "
            + "letter).";
    public static final String LABELS_MAX_BYTES_CONFIG = PREFIX + "labels.max.bytes";
    public static final String LABELS_MAX_BYTES_DOC = "Most bytes of held features, waiting labels and remembered "
            + "event ids per task (in memory and in the model store); beyond it the oldest are evicted as when they "
            + "expire.";
    public static final String DRIFT_TOPIC_CONFIG = PREFIX + "drift.topic";
    public static final String DRIFT_TOPIC_DOC = "Topic of the DriftEvent records (key = model id): one per drift a model's "
            + "detector signals (see streamgrad.drift.detector).";

    public static final String DRIFT_DETECTOR_CONFIG = PREFIX + "drift.detector";
    public static final String DRIFT_DETECTOR_DOC = "The drift detector each model feeds its prequential signal to, "
            + "after each labeled event, in stream order: none, adwin or page_hinkley, optionally with parameters, e.g. "
            + "adwin(delta=0.002,clock=32,max_buckets=5,min_window_length=10,min_sub_window_length=5) or "
            + "page_hinkley(min_instances=30,delta=0.005,lambda=50,alpha=0.9999) (missing parameters take MOA's "
            + "defaults, shown here). Its state is part of the model's checkpoint. A detection where the signal went up "
            + "is a drift: a DriftEvent, a count, and streamgrad.drift.action.";

    public static final String DRIFT_ACTION_CONFIG = PREFIX + "drift.action";
    public static final String DRIFT_ACTION_DOC = "What a model does on a drift, before it learns its next event: "
            + "none; reset-optimizer (every optimiser slot zeroed, step count restarted: t = 1 at the next update; "
            + "weights kept); reset-model (new weights drawn from the spec's seed XOR a hash of the version, biases 0, "
            + "and reset-optimizer; the version keeps counting); boost-lr(factor,events) (learning rate x factor for the "
            + "next events learned events).";

    public static final String DRIFT_SIGNAL_CONFIG = PREFIX + "drift.signal";
    public static final String DRIFT_SIGNAL_DOC = "The value the detector watches per labeled event: loss (the "
            + "prequential loss; with streamgrad.batch.size m > 1 the batch's mean loss, once per batch), error (the "
            + "0/1 error of a classifier's prediction, per event) or auto (error for a classifier, else loss).";

    /** Model id sources. */
    public enum ModelIdSource { KEY, FIELD, CONSTANT }

    /** Input value formats. */
    public enum InputFormat { LABELED_EVENT, AVRO_RECORD, JSON }

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(INPUT_TOPIC_CONFIG, Type.STRING, "streamgrad-events", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, INPUT_TOPIC_DOC)
            .define(PREDICTIONS_TOPIC_CONFIG, Type.STRING, "streamgrad-predictions", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, PREDICTIONS_TOPIC_DOC)
            .define(SNAPSHOTS_TOPIC_CONFIG, Type.STRING, "streamgrad-snapshots", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, SNAPSHOTS_TOPIC_DOC)
            .define(METRICS_TOPIC_CONFIG, Type.STRING, "streamgrad-metrics", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, METRICS_TOPIC_DOC)
            .define(DEAD_LETTER_TOPIC_CONFIG, Type.STRING, "streamgrad-dead-letters", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, DEAD_LETTER_TOPIC_DOC)
            .define(MODEL_SPEC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, MODEL_SPEC_DOC)
            .define(MODEL_ID_SOURCE_CONFIG, Type.STRING, "key",
                    ConfigDef.CaseInsensitiveValidString.in("key", "field", "constant"), Importance.HIGH,
                    MODEL_ID_SOURCE_DOC)
            .define(MODEL_ID_FIELD_CONFIG, Type.STRING, "id", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    MODEL_ID_FIELD_DOC)
            .define(MODEL_ID_CONSTANT_CONFIG, Type.STRING, "default", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, MODEL_ID_CONSTANT_DOC)
            .define(REPLICATED_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, REPLICATED_DOC)
            .define(SYNC_TOPIC_CONFIG, Type.STRING, "streamgrad-sync", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, SYNC_TOPIC_DOC)
            .define(SYNC_REPLICAS_CONFIG, Type.INT, 1, Range.between(1, 1 << 16), Importance.MEDIUM,
                    SYNC_REPLICAS_DOC)
            .define(SYNC_EVERY_UPDATES_CONFIG, Type.LONG, 1000L, Range.atLeast(1), Importance.MEDIUM,
                    SYNC_EVERY_UPDATES_DOC)
            .define(SYNC_MAX_HELD_BYTES_CONFIG, Type.LONG, 64L << 20, Range.atLeast(1), Importance.LOW,
                    SYNC_MAX_HELD_BYTES_DOC)
            .define(SYNC_STALENESS_CONFIG, Type.INT, 0, Range.between(0, 1), Importance.LOW, SYNC_STALENESS_DOC)
            .define(BATCH_SIZE_CONFIG, Type.INT, 1, Range.between(1, 1 << 16), Importance.HIGH, BATCH_SIZE_DOC)
            .define(BATCH_MAX_AGE_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM, BATCH_MAX_AGE_MS_DOC)
            .define(SNAPSHOT_EVERY_UPDATES_CONFIG, Type.LONG, 1000L, Range.atLeast(0), Importance.MEDIUM,
                    SNAPSHOT_EVERY_UPDATES_DOC)
            .define(SNAPSHOT_INTERVAL_MS_CONFIG, Type.LONG, 60_000L, Range.atLeast(0), Importance.MEDIUM,
                    SNAPSHOT_INTERVAL_MS_DOC)
            .define(SNAPSHOT_CHUNK_BYTES_CONFIG, Type.INT, SnapshotChunks.DEFAULT_CHUNK_BYTES, Range.atLeast(64),
                    Importance.LOW, SNAPSHOT_CHUNK_BYTES_DOC)
            .define(INPUT_FORMAT_CONFIG, Type.STRING, "labeled_event",
                    ConfigDef.CaseInsensitiveValidString.in("labeled_event", "avro_record", "json"), Importance.HIGH,
                    INPUT_FORMAT_DOC)
            .define(METRICS_INTERVAL_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
                    METRICS_INTERVAL_MS_DOC)
            .define(METRICS_WINDOW_CONFIG, Type.INT, 100, Range.between(1, 1_000_000), Importance.LOW,
                    METRICS_WINDOW_DOC)
            .define(CHECKPOINT_EVERY_EVENTS_CONFIG, Type.INT, -1, ConfigDef.LambdaValidator.with((name, value) -> {
                int k = (Integer) value;
                if (k == 0 || k < -1) {
                    throw new ConfigException(name, value, "must be -1 (automatic) or at least 1");
                }
            }, () -> "-1 (auto) or [1,...]"), Importance.MEDIUM, CHECKPOINT_EVERY_EVENTS_DOC)
            .define(CHECKPOINT_INTERVAL_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                    CHECKPOINT_INTERVAL_MS_DOC)
            .define(INPUT_MAX_ABS_CONFIG, Type.DOUBLE, DEFAULT_INPUT_MAX_ABS, Range.atLeast(Double.MIN_VALUE),
                    Importance.LOW, INPUT_MAX_ABS_DOC)
            .define(DEAD_LETTER_MAX_BYTES_CONFIG, Type.INT, DEFAULT_DEAD_LETTER_MAX_BYTES, Range.atLeast(0),
                    Importance.LOW, DEAD_LETTER_MAX_BYTES_DOC)
            .define(MODEL_CACHE_MAX_MODELS_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    MODEL_CACHE_MAX_MODELS_DOC)
            .define(MODEL_CACHE_MAX_BYTES_CONFIG, Type.LONG, 256L << 20, Range.atLeast(1), Importance.MEDIUM,
                    MODEL_CACHE_MAX_BYTES_DOC)
            .define(KERNELS_CONFIG, Type.STRING, "auto",
                    ConfigDef.CaseInsensitiveValidString.in("auto", "java", "vector", "native"), Importance.LOW,
                    KERNELS_DOC)
            .define(WARM_START_FILE_CONFIG, Type.STRING, "", Importance.LOW, WARM_START_FILE_DOC)
            .define(WARM_START_TOPIC_CONFIG, Type.STRING, "", Importance.LOW, WARM_START_TOPIC_DOC)
            .define(STORE_NAME_CONFIG, Type.STRING, "models", new ConfigDef.NonEmptyString(),
                    Importance.LOW, STORE_NAME_DOC)
            .define(DRIFT_TOPIC_CONFIG, Type.STRING, "streamgrad-drift", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, DRIFT_TOPIC_DOC)
            .define(DRIFT_DETECTOR_CONFIG, Type.STRING, "none", parsed(StreamgradConfig::detector,
                    "none, adwin[(k=v,...)] or page_hinkley[(k=v,...)]"), Importance.MEDIUM, DRIFT_DETECTOR_DOC)
            .define(DRIFT_ACTION_CONFIG, Type.STRING, "none", parsed(DriftAction::parse,
                    "none, reset-optimizer, reset-model or boost-lr(factor,events)"), Importance.MEDIUM,
                    DRIFT_ACTION_DOC)
            .define(DRIFT_SIGNAL_CONFIG, Type.STRING, "auto",
                    ConfigDef.CaseInsensitiveValidString.in("auto", "loss", "error"), Importance.LOW,
                    DRIFT_SIGNAL_DOC)
            .define(LABELS_TOPIC_CONFIG, Type.STRING, "", Importance.MEDIUM, LABELS_TOPIC_DOC)
            .define(LABELS_FORMAT_CONFIG, Type.STRING, "label",
                    ConfigDef.CaseInsensitiveValidString.in("label", "avro_record", "json"), Importance.MEDIUM,
                    LABELS_FORMAT_DOC)
            .define(LABELS_MAX_DELAY_MS_CONFIG, Type.LONG, 3_600_000L, Range.atLeast(0), Importance.MEDIUM,
                    LABELS_MAX_DELAY_MS_DOC)
            .define(LABELS_MAX_BYTES_CONFIG, Type.LONG, 64L << 20, Range.atLeast(1), Importance.MEDIUM,
                    LABELS_MAX_BYTES_DOC)
            .define(NODE_PREFIX_CONFIG, Type.STRING, "streamgrad-", Importance.LOW, NODE_PREFIX_DOC);

    /** @return a validator that accepts the values {@code parser} parses (its message names the problem) */
    private static ConfigDef.Validator parsed(java.util.function.Function<String, ?> parser, String valid) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                parser.apply((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }, () -> valid);
    }

    /** @return the detector of a {@link #DRIFT_DETECTOR_CONFIG} value, or null for none */
    private static DetectorSpec detector(String text) {
        return text.trim().equalsIgnoreCase("none") ? null : DetectorSpec.parse(text);
    }

    /**
     * @param props the application's configuration (streamgrad, Streams and serde keys together); not modified
     * @throws ConfigException naming the key of the first bad value
     */
    public StreamgradConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
        spec = parseSpec(getString(MODEL_SPEC_CONFIG));
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

    /**
     * @param text a NetworkSpec JSON object, or the compact layer string (other settings at their defaults)
     * @return the spec
     * @throws ConfigException naming {@link #MODEL_SPEC_CONFIG} if it is not valid
     */
    private static NetworkSpec parseSpec(String text) {
        try {
            String t = text.trim();
            return t.startsWith("{") ? NetworkSpec.fromJson(t) : NetworkSpec.builder().layers(t).build();
        } catch (RuntimeException e) {
            throw new ConfigException(MODEL_SPEC_CONFIG, text, e.getMessage());
        }
    }

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
        DetectorSpec detector = detector(getString(DRIFT_DETECTOR_CONFIG));
        if (detector == null) {
            return null;
        }
        String signal = getString(DRIFT_SIGNAL_CONFIG).trim().toLowerCase(java.util.Locale.ROOT);
        DriftSignal s = signal.equals("auto") ? (classifier ? DriftSignal.ERROR : DriftSignal.LOSS)
                : DriftSignal.parse(signal);
        return new DriftSpec(detector, s, DriftAction.parse(getString(DRIFT_ACTION_CONFIG)));
    }
}
