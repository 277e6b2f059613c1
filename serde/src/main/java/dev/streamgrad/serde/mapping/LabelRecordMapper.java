package dev.streamgrad.serde.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgrad.serde.avro.DeadLetterReason;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * Turns a user's own late-label record (Avro {@code GenericRecord} or JSON object) into streamgrad's
 * {@link dev.streamgrad.serde.avro.Label}, as configured by {@link LabelMapperConfig}: the event id and the label by
 * their paths (the label as {@link FeatureMapper} maps labels, by the same {@link TargetMapper}), the model id if
 * configured. Immutable; thread-safe.
 */
public final class LabelRecordMapper {
    private final String eventIdName;
    private final String[] eventIdPath;
    private final TargetMapper target;
    private final String modelIdName;
    private final String[] modelIdPath;

    /**
     * @param config the mapper's configuration
     * @throws ConfigException if the event id or the label path is not set
     */
    public LabelRecordMapper(LabelMapperConfig config) {
        eventIdName = config.getString(LabelMapperConfig.EVENT_ID_CONFIG);
        String label = config.getString(LabelMapperConfig.LABEL_CONFIG);
        if (eventIdName == null || eventIdName.isBlank()) {
            throw new ConfigException(LabelMapperConfig.EVENT_ID_CONFIG, eventIdName, "is required to map label records");
        }
        if (label == null || label.isBlank()) {
            throw new ConfigException(LabelMapperConfig.LABEL_CONFIG, label, "is required to map label records");
        }
        eventIdPath = FeatureMapper.split(eventIdName);
        target = new TargetMapper(label, config.getString(LabelMapperConfig.LABEL_TYPE_CONFIG),
                config.getList(LabelMapperConfig.LABEL_CLASSES_CONFIG));
        modelIdName = config.getString(LabelMapperConfig.MODEL_ID_CONFIG);
        modelIdPath = modelIdName == null ? null : FeatureMapper.split(modelIdName);
    }

    /** Convenience: {@code new LabelRecordMapper(new LabelMapperConfig(props))}. */
    public static LabelRecordMapper fromProperties(Map<?, ?> props) {
        return new LabelRecordMapper(new LabelMapperConfig(props));
    }

    /**
     * @param record not modified
     * @return the label
     * @throws MappingException naming the field and the problem
     */
    public dev.streamgrad.serde.avro.Label map(GenericRecord record) throws MappingException {
        return mapRoot(Objects.requireNonNull(record, "record"));
    }

    /**
     * @param json not modified; a JSON object
     * @return the label
     * @throws MappingException naming the field and the problem (also if it is not an object)
     */
    public dev.streamgrad.serde.avro.Label map(JsonNode json) throws MappingException {
        if (json == null || !json.isObject()) {
            throw new MappingException(null, DeadLetterReason.MAPPING_FAILED, "the value is not a JSON object");
        }
        return mapRoot(json);
    }

    private dev.streamgrad.serde.avro.Label mapRoot(Object root) throws MappingException {
        Object id = FieldValues.get(root, eventIdPath);
        if (id == null) {
            throw new MappingException(eventIdName, DeadLetterReason.MAPPING_FAILED, "field '" + eventIdName
                    + "': missing or null (the event id of a label)");
        }
        Label y = target.map(root);
        if (y == null) {
            throw new MappingException(target.path(), DeadLetterReason.MAPPING_FAILED, "field '" + target.path()
                    + "': missing or null (a label record needs its label)");
        }
        String modelId = null;
        if (modelIdPath != null) {
            Object m = FieldValues.get(root, modelIdPath);
            modelId = m == null ? null : m.toString();
        }
        return dev.streamgrad.serde.avro.Label.newBuilder().setEventId(id.toString())
                .setTarget(Example.targetUnion(y)).setModelId(modelId).build();
    }
}
