package dev.streamgrad.serde.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a dot-separated path from a GenericRecord or a JSON object and normalises the value to: null (missing
 * or null), {@link Number}, {@link Boolean}, {@link String} (strings and enum symbols), {@link List} (of the same),
 * or {@link Unsupported} (anything else: bytes, nested records as leaves, ...).
 */
final class FieldValues {
    private FieldValues() {
    }

    /** A value of a type the mapper cannot use; {@code type} names it. */
    record Unsupported(String type) {
    }

    static Object get(Object root, String[] path) {
        Object current = root;
        for (String step : path) {
            if (current instanceof GenericRecord record) {
                current = record.hasField(step) ? record.get(step) : null;
            } else if (current instanceof JsonNode node) {
                current = node.isObject() ? node.get(step) : null;
            } else if (current instanceof Map<?, ?> map) {
                current = mapGet(map, step);
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return normalise(current);
    }

    private static Object mapGet(Map<?, ?> map, String key) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() != null && e.getKey().toString().equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    static Object normalise(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof CharSequence || v instanceof GenericEnumSymbol<?> || v instanceof Enum<?>) {
            return v.toString();
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(normalise(item));
            }
            return out;
        }
        if (v instanceof JsonNode node) {
            if (node.isNull() || node.isMissingNode()) {
                return null;
            }
            if (node.isNumber()) {
                return node.numberValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isArray()) {
                List<Object> out = new ArrayList<>(node.size());
                node.forEach(item -> out.add(normalise(item)));
                return out;
            }
            return new Unsupported("JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (v instanceof byte[] || v instanceof java.nio.ByteBuffer) {
            return new Unsupported("bytes");
        }
        return new Unsupported(v instanceof GenericRecord r ? "record " + r.getSchema().getFullName()
                : v.getClass().getSimpleName());
    }

    /** @return the value's UTF-8 bytes, for hashing */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
