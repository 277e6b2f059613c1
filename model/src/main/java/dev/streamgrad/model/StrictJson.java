package dev.streamgrad.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collection;
import java.util.Iterator;

/**
 * The one way the project reads JSON (specs, weights JSON, JSONL examples, mapped JSON records): a document with
 * a duplicate key, trailing tokens, or nesting deeper than {@value #MAX_NESTING_DEPTH} is refused instead of read
 * as something else (Jackson's default keeps the last duplicate silently).
 */
public final class StrictJson {
    /** Deeper documents are refused: no format here nests more than a few levels. */
    public static final int MAX_NESTING_DEPTH = 64;

    private StrictJson() {
    }

    /** @return a new mapper that refuses duplicate keys, trailing tokens and deep nesting; thread-safe once built */
    public static ObjectMapper mapper() {
        JsonMapper m = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).build());
        return m;
    }

    /**
     * @param o a JSON object; not modified
     * @param where the object's path for the message, e.g. {@code "optimizer"} or {@code ""} for the root
     * @param known the keys the reader understands
     * @throws InvalidSpecException naming the first unknown key, with the closest known key as a hint
     */
    public static void requireKnownKeys(JsonNode o, String where, Collection<String> known) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                String hint = KeySuggestion.closest(key, known);
                throw new InvalidSpecException(where.isEmpty() ? key : where + "." + key, "unknown key"
                        + (hint == null ? "; known: " + String.join(", ", known) : " (did you mean '" + hint + "'?)"));
            }
        }
    }
}
