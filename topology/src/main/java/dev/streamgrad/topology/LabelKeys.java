package dev.streamgrad.topology;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The late-label keys of {@link StreamgradConfig}: the labels topic, its format, and how long and how much is held. */
interface LabelKeys {

    String LABELS_TOPIC_CONFIG = StreamgradConfig.PREFIX + "labels.topic";
    String LABELS_TOPIC_DOC = "Topic of late labels (Label records: eventId, target, optional "
            + "modelId and eventTime), joined with the held features of events that have an id and no target. Empty "
            + "(the default): no labels topic, every event is learned or predicted as it comes. Keyed like the input "
            + "topic (model id when streamgrad.model.id.source=key: the same partition count); with field/constant "
            + "the labels go through the same repartition topic as the events. Not with streamgrad.batch.size > 1.";

    String LABELS_FORMAT_CONFIG = StreamgradConfig.PREFIX + "labels.format";
    String LABELS_FORMAT_DOC = "What the labels topic holds: label (streamgrad's Label records, "
            + "registry wire format or single-object encoding), avro_record (your own Avro records, registry wire "
            + "format) or json (UTF-8 JSON objects); the last two are mapped by the streamgrad.labels.mapper.* keys.";

    String LABELS_MAX_DELAY_MS_CONFIG = StreamgradConfig.PREFIX + "labels.max.delay.ms";
    String LABELS_MAX_DELAY_MS_DOC = "How long, in stream time (record timestamps), the features of "
            + "an unlabeled event wait for their label, a label for its features, and a joined event id is remembered "
            + "to drop duplicate labels. An item older than this is evicted (FEATURES_EXPIRED / LABEL_EXPIRED dead "
            + "letter).";

    String LABELS_MAX_BYTES_CONFIG = StreamgradConfig.PREFIX + "labels.max.bytes";
    String LABELS_MAX_BYTES_DOC = "Most bytes of held features, waiting labels and remembered "
            + "event ids per task (in memory and in the model store); beyond it the oldest are evicted as when they "
            + "expire.";

    /** Adds the definitions of these keys (type, default, validator, doc) to {@code def}, which is modified. */
    static void define(ConfigDef def) {
        def
            .define(LABELS_TOPIC_CONFIG, Type.STRING, "", Importance.MEDIUM, LABELS_TOPIC_DOC)
            .define(LABELS_FORMAT_CONFIG, Type.STRING, "label",
                    ConfigDef.CaseInsensitiveValidString.in("label", "avro_record", "json"), Importance.MEDIUM,
                    LABELS_FORMAT_DOC)
            .define(LABELS_MAX_DELAY_MS_CONFIG, Type.LONG, 3_600_000L, Range.atLeast(0), Importance.MEDIUM,
                    LABELS_MAX_DELAY_MS_DOC)
            .define(LABELS_MAX_BYTES_CONFIG, Type.LONG, 64L << 20, Range.atLeast(1), Importance.MEDIUM,
                    LABELS_MAX_BYTES_DOC);
    }
}
