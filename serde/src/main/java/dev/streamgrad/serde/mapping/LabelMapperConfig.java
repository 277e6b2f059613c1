package dev.streamgrad.serde.mapping;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The configuration of {@link LabelRecordMapper}: where the event id, the label and (optionally) the model id are in a
 * user's own late-label records. Keys {@code streamgrad.labels.mapper.*}; unknown keys are ignored (the mapper reads
 * the application's whole configuration).
 */
public final class LabelMapperConfig extends AbstractConfig {
    public static final String PREFIX = "streamgrad.labels.mapper.";

    public static final String EVENT_ID_CONFIG = PREFIX + "event.id";
    public static final String EVENT_ID_DOC = "Path of the field holding the id of the event a label belongs to (the "
            + "event's id, e.g. streamgrad.mapper.id). Required with streamgrad.labels.format=avro_record or json.";
    public static final String LABEL_CONFIG = PREFIX + "label";
    public static final String LABEL_DOC = "Path of the label field of a label record. Required with "
            + "streamgrad.labels.format=avro_record or json; a record where it is missing or null is dead-lettered.";
    public static final String LABEL_TYPE_CONFIG = PREFIX + "label.type";
    public static final String LABEL_TYPE_DOC = "As streamgrad.mapper.label.type, for label records.";
    public static final String LABEL_CLASSES_CONFIG = PREFIX + "label.classes";
    public static final String LABEL_CLASSES_DOC = "As streamgrad.mapper.label.classes, for label records.";
    public static final String MODEL_ID_CONFIG = PREFIX + "model.id";
    public static final String MODEL_ID_DOC = "Path of the model id in a label record, used when "
            + "streamgrad.model.id.source=field (as streamgrad.model.id.field is for the events).";

    /** The definition of the keys. */
    public static final ConfigDef CONFIG = new ConfigDef()
            .define(EVENT_ID_CONFIG, Type.STRING, null, Importance.HIGH, EVENT_ID_DOC)
            .define(LABEL_CONFIG, Type.STRING, null, Importance.HIGH, LABEL_DOC)
            .define(LABEL_TYPE_CONFIG, Type.STRING, null, FeatureMapperConfig.LABEL_TYPES, Importance.MEDIUM,
                    LABEL_TYPE_DOC)
            .define(LABEL_CLASSES_CONFIG, Type.LIST, "", Importance.MEDIUM, LABEL_CLASSES_DOC)
            .define(MODEL_ID_CONFIG, Type.STRING, null, Importance.MEDIUM, MODEL_ID_DOC);

    /** @param props the application's configuration; not modified */
    public LabelMapperConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
    }
}
