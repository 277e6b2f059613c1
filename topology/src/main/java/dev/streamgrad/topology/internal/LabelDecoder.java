package dev.streamgrad.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgrad.serde.ConfluentWireFormat;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.StreamgradSerializationException;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Label;
import dev.streamgrad.serde.mapping.LabelRecordMapper;
import dev.streamgrad.serde.mapping.MappingException;
import dev.streamgrad.topology.StreamgradConfig;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a raw label value into a {@link Label} (not yet checked): one implementation per
 * {@code streamgrad.labels.format}: {@code label} (streamgrad's Label), {@code avro_record} and {@code json} (a
 * user's record, parsed as the input formats of the same names parse events, and mapped by a
 * {@link LabelRecordMapper}). Every failure is a {@link Rejection} with its dead-letter reason. Thread-safe.
 */
@FunctionalInterface
interface LabelDecoder {

    /**
     * @param topic   the source topic
     * @param headers the record headers; not modified
     * @param value   the value bytes; not modified
     * @return the label
     * @throws Rejection if the bytes do not decode or map
     */
    Label decode(String topic, Headers headers, byte[] value) throws Rejection;

    /**
     * @param config      the configuration
     * @param serdeConfig the serde and mapper keys; not modified
     * @param labels      the deserializer of streamgrad's Label (registry or single-object)
     * @return the decoder of the configured labels format
     * @throws ConfigException if the mapper's keys are missing or bad, or avro_record has no registry
     */
    static LabelDecoder of(StreamgradConfig config, Map<String, Object> serdeConfig, Deserializer<Label> labels) {
        switch (config.labelsFormat()) {
            case "avro_record": {
                Object url = serdeConfig.get("schema.registry.url");
                if (url == null || url.toString().isBlank()) {
                    throw new ConfigException(StreamgradConfig.LABELS_FORMAT_CONFIG, "avro_record",
                            "user Avro records are read with the registry: set schema.registry.url (or mock://scope)");
                }
                Deserializer<GenericRecord> records = StreamgradSerdes.generic(serdeConfig, false).deserializer();
                LabelRecordMapper mapper = LabelRecordMapper.fromProperties(serdeConfig);
                return mapped(records::deserialize, parsed -> mapper.map((GenericRecord) parsed),
                        ConfluentWireFormat::schemaIdOrNull);
            }
            case "json": {
                LabelRecordMapper mapper = LabelRecordMapper.fromProperties(serdeConfig);
                return mapped((topic, headers, value) -> JsonRecordDecoder.parseJson(value),
                        parsed -> mapper.map((JsonNode) parsed), value -> null);
            }
            default:
                return (topic, headers, value) -> {
                    InputDecoder.requireValue(value);
                    try {
                        Label label = labels.deserialize(topic, headers, value);
                        if (label == null) {
                            throw new Rejection(DeadLetterReason.INVALID_RECORD, "the value decoded to no label", null,
                                    null);
                        }
                        return label;
                    } catch (StreamgradSerializationException e) {
                        throw InputDecoder.rejection(e);
                    } catch (RuntimeException e) {
                        throw new Rejection(DeadLetterReason.MALFORMED_BYTES, "cannot decode the label: " + e, null,
                                null);
                    }
                };
        }
    }

    /** Maps a parsed user record to a Label. */
    @FunctionalInterface
    interface Mapping {
        Label map(Object parsed) throws MappingException;
    }

    /**
     * @param parser   parses the bytes
     * @param mapping  maps the parsed record
     * @param schemaId the registry id of a value that parsed, for the dead letter of one that did not map (or null)
     * @return the decoder of a user's label records
     */
    private static LabelDecoder mapped(MappedRecordDecoder.Parser parser, Mapping mapping,
                                       Function<byte[], Integer> schemaId) {
        return (topic, headers, value) -> {
            Object parsed = MappedRecordDecoder.parsed(parser, topic, headers, value);
            try {
                return mapping.map(parsed);
            } catch (MappingException e) {
                throw new Rejection(e.reason(), e.getMessage(), schemaId.apply(value), e.field());
            } catch (RuntimeException e) {
                throw new Rejection(DeadLetterReason.MAPPING_FAILED, "cannot map the label: " + e,
                        schemaId.apply(value), null);
            }
        };
    }
}
