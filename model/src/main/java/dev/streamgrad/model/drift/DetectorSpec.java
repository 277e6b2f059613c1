package dev.streamgrad.model.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The type and parameters of a {@link DriftDetector}: immutable, validated on construction, with a JSON form (stored
 * in the model state) and a compact text form for configuration, e.g. {@code adwin}, {@code adwin(delta=0.01)},
 * {@code page-hinkley(lambda=25,delta=0.01)}.
 */
public sealed interface DetectorSpec permits AdwinSpec, PageHinkleySpec {

    /** @return the type's name: {@code "adwin"} or {@code "page-hinkley"} */
    String name();

    /** @return a fresh detector with these parameters */
    DriftDetector create();

    /** @return the parameters by their text names, in a fixed order */
    Map<String, Double> parameters();

    /** @return {@code {"type":"adwin","delta":0.002,...}} */
    default ObjectNode toJsonNode() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", name());
        parameters().forEach(o::put);
        return o;
    }

    /** @return the compact text form, every parameter written out: {@code adwin(delta=0.002,clock=32,...)} */
    default String toText() {
        StringBuilder sb = new StringBuilder(name()).append('(');
        String sep = "";
        for (Map.Entry<String, Double> p : parameters().entrySet()) {
            double v = p.getValue();
            sb.append(sep).append(p.getKey()).append('=').append(v == Math.rint(v) && Math.abs(v) < 1e15
                    ? Long.toString((long) v) : Double.toString(v));
            sep = ",";
        }
        return sb.append(')').toString();
    }

    /**
     * Reads {@link #toJsonNode()}'s form; missing parameters take their defaults.
     *
     * @throws IllegalArgumentException naming the field for an unknown type, an unknown parameter or a bad value
     */
    static DetectorSpec fromJsonNode(JsonNode o) {
        if (o == null || !o.isObject() || !o.hasNonNull("type")) {
            throw new IllegalArgumentException("drift detector: expected an object with a \"type\"");
        }
        Map<String, Double> params = new LinkedHashMap<>();
        var it = o.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getKey().equals("type")) {
                if (!e.getValue().isNumber()) {
                    throw new IllegalArgumentException("drift detector parameter " + e.getKey() + ": expected a number, got "
                            + e.getValue());
                }
                params.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return of(o.get("type").asText(), params);
    }

    /**
     * Parses the compact text form: a type name, optionally followed by {@code (key=value,...)}.
     *
     * @throws IllegalArgumentException for a malformed string, an unknown type or parameter, or a bad value
     */
    static DetectorSpec parse(String text) {
        String s = text == null ? "" : text.trim();
        int open = s.indexOf('(');
        String name = open < 0 ? s : s.substring(0, open).trim();
        Map<String, Double> params = new LinkedHashMap<>();
        if (open >= 0) {
            if (!s.endsWith(")")) {
                throw new IllegalArgumentException("drift detector '" + text + "': missing ')'");
            }
            String body = s.substring(open + 1, s.length() - 1).trim();
            if (!body.isEmpty()) {
                for (String kv : body.split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException("drift detector '" + text + "': expected key=value, got '"
                                + kv.trim() + "'");
                    }
                    String key = kv.substring(0, eq).trim();
                    try {
                        params.put(key, Double.parseDouble(kv.substring(eq + 1).trim()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("drift detector '" + text + "': " + key + " is not a number");
                    }
                }
            }
        }
        return of(name, params);
    }

    /**
     * @param name {@code adwin} or {@code page-hinkley} (case-insensitive; {@code page_hinkley} also accepted)
     * @param params parameters by text name; missing ones take their defaults
     * @throws IllegalArgumentException for an unknown type or parameter, or a bad value
     */
    static DetectorSpec of(String name, Map<String, Double> params) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (n) {
            case "adwin" -> AdwinSpec.of(params);
            case "page-hinkley" -> PageHinkleySpec.of(params);
            default -> throw new IllegalArgumentException("unknown drift detector '" + name
                    + "' (known: adwin, page-hinkley)");
        };
    }
}
