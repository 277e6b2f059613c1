package dev.streamgrad.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Where a model id comes from: a record key (strict UTF-8), or a field of the decoded value. A key that is not valid
 * UTF-8 is refused rather than decoded with replacement characters, which would give several keys one model id.
 * Not thread-safe (one instance per processor: the charset decoder is reused).
 */
final class ModelIds {
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /**
     * @param key the record key; not modified
     * @return the model id it holds
     * @throws Rejection INVALID_RECORD if there is no key or it is not valid UTF-8
     */
    String ofKey(byte[] key) throws Rejection {
        if (key == null) {
            throw new Rejection(DeadLetterReason.INVALID_RECORD, "the record has no key (model id)", null, null);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            throw new Rejection(DeadLetterReason.INVALID_RECORD, "the record key (model id) is not valid UTF-8 ("
                    + key.length + " bytes)", null, null);
        }
    }

    /**
     * @param source what the value decoded to ({@link InputDecoder#source} or {@link InputDecoder.Decoded#source()})
     * @param field  a LabeledEvent field, or a dot-separated path in a user's record
     * @return the field's value as a string
     * @throws Rejection MAPPING_FAILED if there is no such field or it is null
     */
    static String ofField(Object source, String field) throws Rejection {
        Object v = source instanceof LabeledEvent event ? eventField(event, field) : path(source, field);
        if (v instanceof JsonNode n) {
            v = n.isNull() || n.isContainerNode() ? null : n.asText();
        }
        if (v == null) {
            throw new Rejection(DeadLetterReason.MAPPING_FAILED, "the model id field '" + field
                    + "' is missing or null", null, field);
        }
        return v.toString();
    }

    private static Object eventField(LabeledEvent event, String field) {
        Schema.Field f = event.getSchema().getField(field);
        return f == null ? null : event.get(f.pos());
    }

    private static Object path(Object root, String field) {
        Object v = root;
        for (String step : field.split("\\.")) {
            if (v instanceof GenericRecord r) {
                v = r.hasField(step) ? r.get(step) : null;
            } else if (v instanceof JsonNode n) {
                v = n.isObject() ? n.get(step) : null;
            } else if (v instanceof Map<?, ?> m) {
                v = m.entrySet().stream().filter(e -> String.valueOf(e.getKey()).equals(step))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            } else {
                return null;
            }
            if (v == null) {
                return null;
            }
        }
        return v;
    }
}
