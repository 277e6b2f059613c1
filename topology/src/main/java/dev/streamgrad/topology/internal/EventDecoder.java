package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.ConfluentWireFormat;
import dev.streamgrad.serde.StreamgradSerializationException;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.mapping.FeatureMapper;
import dev.streamgrad.serde.mapping.MappingException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes a raw input record into a {@link LabeledEvent} and checks what can be checked without the model
 * (finite values). Every failure becomes a {@link Rejection} carrying the dead-letter reason. Input is either
 * streamgrad's LabeledEvent, or a user's record (an Avro GenericRecord, or a JSON object) mapped to (x, y) by a
 * {@link FeatureMapper} (one decoder per task: the mapper may keep running means).
 */
public final class EventDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Deserializer<LabeledEvent> deserializer;
    private final Deserializer<GenericRecord> records;
    private final FeatureMapper mapper;

    /** @param deserializer the configured value deserializer */
    public EventDecoder(Deserializer<LabeledEvent> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        this.records = null;
        this.mapper = null;
    }

    private EventDecoder(Deserializer<GenericRecord> records, FeatureMapper mapper) {
        this.deserializer = null;
        this.records = records;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * @param records the configured GenericRecord deserializer (Avro user records), or null for JSON objects
     * @param mapper  maps the user's records; owned by this decoder
     * @return a decoder of a user's records
     */
    public static EventDecoder mapped(Deserializer<GenericRecord> records, FeatureMapper mapper) {
        return new EventDecoder(records, mapper);
    }

    /**
     * A decoded record.
     *
     * @param event  the event (mapped, for a user's record)
     * @param source what the value decoded to: the LabeledEvent itself, a GenericRecord or a JsonNode
     */
    public record Decoded(LabeledEvent event, Object source) { }

    /** A record that cannot be used. */
    public static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;
        private final DeadLetterReason reason;
        private final Integer schemaId;
        private final String field;

        /**
         * @param reason   the code
         * @param message  what was wrong
         * @param schemaId the value's schema id if known, else null
         * @param field    the field that was wrong, or null
         */
        public Rejection(DeadLetterReason reason, String message, Integer schemaId, String field) {
            super(message);
            this.reason = reason;
            this.schemaId = schemaId;
            this.field = field;
        }

        /** @return the code */
        public DeadLetterReason reason() {
            return reason;
        }

        /**
         * @param origin    where the record came from
         * @param key       the original key bytes, may be null
         * @param value     the original value bytes, may be null
         * @param timestamp the record's timestamp
         * @return the dead letter
         */
        public DeadLetter toDeadLetter(SourceHeaders origin, byte[] key, byte[] value, long timestamp) {
            return DeadLetter.newBuilder().setReason(reason).setMessage(String.valueOf(getMessage()))
                    .setSourceTopic(origin.topic())
                    .setSourcePartition(origin.partition() < 0 ? null : origin.partition())
                    .setSourceOffset(origin.offset() < 0 ? null : origin.offset())
                    .setSchemaId(schemaId).setField(field)
                    .setKey(key == null ? null : ByteBuffer.wrap(key))
                    .setValue(value == null ? null : ByteBuffer.wrap(value))
                    .setTimestamp(timestamp < 0 ? null : java.time.Instant.ofEpochMilli(timestamp))
                    .build();
        }
    }

    /**
     * @param topic   the source topic (for the registry and messages)
     * @param headers the record headers; not modified
     * @param value   the value bytes; not modified
     * @return the event
     * @throws Rejection if the bytes do not decode, or a feature or target is not finite
     */
    public LabeledEvent decode(String topic, Headers headers, byte[] value) throws Rejection {
        return decodeRecord(topic, headers, value).event();
    }

    /**
     * @param topic   the source topic
     * @param headers the record headers; not modified
     * @param value   the value bytes; not modified
     * @return what the value decodes to, without mapping a user's record (for finding the model id): the checked
     *     LabeledEvent, or the user's GenericRecord or JsonNode
     * @throws Rejection if the bytes do not decode
     */
    public Object decodeSource(String topic, Headers headers, byte[] value) throws Rejection {
        return mapper == null ? decode(topic, headers, value) : parse(topic, headers, value);
    }

    private Object parse(String topic, Headers headers, byte[] value) throws Rejection {
        if (value == null) {
            throw new Rejection(DeadLetterReason.MALFORMED_BYTES, "the record has no value (tombstone)", null, null);
        }
        try {
            if (mapper == null) {
                return deserializer.deserialize(topic, headers, value);
            }
            return records != null ? records.deserialize(topic, headers, value) : JSON.readTree(value);
        } catch (StreamgradSerializationException e) {
            throw new Rejection(e.reason().deadLetterReason(), e.getMessage(), e.schemaId(), null);
        } catch (java.io.IOException | RuntimeException e) {
            throw new Rejection(DeadLetterReason.MALFORMED_BYTES, "cannot decode the value: " + e, null, null);
        }
    }

    /**
     * @param topic   the source topic
     * @param headers the record headers; not modified
     * @param value   the value bytes; not modified
     * @return the checked event and what the value decoded to
     * @throws Rejection if the bytes do not decode or map, or a feature or target is not finite
     */
    public Decoded decodeRecord(String topic, Headers headers, byte[] value) throws Rejection {
        Object source = parse(topic, headers, value);
        LabeledEvent event;
        Integer schemaId = null;
        if (mapper == null) {
            event = (LabeledEvent) source;
        } else {
            // a user's Avro record parsed, so its bytes are framed: its writer schema id goes into dead letters
            schemaId = source instanceof GenericRecord ? ConfluentWireFormat.readSchemaId(value) : null;
            try {
                if (source instanceof GenericRecord r) {
                    event = mapper.map(r).toLabeledEvent();
                } else {
                    event = mapper.map((JsonNode) source).toLabeledEvent();
                }
            } catch (MappingException e) {
                throw new Rejection(e.reason(), e.getMessage(), schemaId, e.field());
            } catch (RuntimeException e) {
                throw new Rejection(DeadLetterReason.MAPPING_FAILED, "cannot map the record: " + e, schemaId, null);
            }
        }
        check(event, schemaId);
        return new Decoded(event, source);
    }

    private static void check(LabeledEvent event, Integer schemaId) throws Rejection {
        if (event == null || event.getFeatures() == null) {
            throw new Rejection(DeadLetterReason.INVALID_RECORD, "the value decoded to no event", schemaId,
                    "features");
        }
        List<Double> features = event.getFeatures();
        for (int i = 0; i < features.size(); i++) {
            Double v = features.get(i);
            if (v == null || !Double.isFinite(v)) {
                throw new Rejection(DeadLetterReason.NON_FINITE_VALUE, "features[" + i + "] is " + v, schemaId,
                        "features");
            }
        }
        Object t = event.getTarget();
        if (t instanceof Double d && !Double.isFinite(d)) {
            throw new Rejection(DeadLetterReason.NON_FINITE_VALUE, "target is " + d, schemaId, "target");
        }
        if (t instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                if (!(v instanceof Double d) || !Double.isFinite(d)) {
                    throw new Rejection(DeadLetterReason.NON_FINITE_VALUE, "target[" + i + "] is " + v, schemaId,
                            "target");
                }
            }
        }
    }

    /**
     * @param source what the value decoded to ({@link #decodeSource} or {@link Decoded#source()})
     * @param field  a LabeledEvent field, or a dot-separated path in a user's record
     * @return the field's value as a string
     * @throws Rejection if there is no such field or it is null
     */
    public static String modelId(Object source, String field) throws Rejection {
        if (source instanceof LabeledEvent event) {
            return field(event, field);
        }
        Object v = source;
        for (String step : field.split("\\.")) {
            if (v instanceof GenericRecord r) {
                v = r.hasField(step) ? r.get(step) : null;
            } else if (v instanceof JsonNode n) {
                v = n.isObject() ? n.get(step) : null;
            } else if (v instanceof Map<?, ?> m) {
                v = m.entrySet().stream().filter(e -> String.valueOf(e.getKey()).equals(step))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            } else {
                v = null;
            }
            if (v == null) {
                break;
            }
        }
        if (v instanceof JsonNode n) {
            v = n.isNull() || n.isContainerNode() ? null : n.asText();
        }
        if (v == null) {
            throw new Rejection(DeadLetterReason.MAPPING_FAILED, "the model id field '" + field
                    + "' is missing or null", null, field);
        }
        return v.toString();
    }

    /**
     * @param event the event; not modified
     * @param field a field name of the event's schema
     * @return the field's value as a string
     * @throws Rejection if the event has no such field or it is null
     */
    public static String field(LabeledEvent event, String field) throws Rejection {
        Schema.Field f = event.getSchema().getField(field);
        Object v = f == null ? null : event.get(f.pos());
        if (v == null) {
            throw new Rejection(DeadLetterReason.MAPPING_FAILED, "the model id field '" + field + "' is "
                    + (f == null ? "not in the schema" : "null"), null, field);
        }
        return v.toString();
    }

    /**
     * @param event the event; not modified
     * @return the features as a new array
     */
    public static double[] features(LabeledEvent event) {
        List<Double> f = event.getFeatures();
        double[] x = new double[f.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = f.get(i);
        }
        return x;
    }
}
