package dev.streamgrad.deploy.data;

import java.io.BufferedReader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads examples from JSON Lines: one JSON object per line, {@code {"features": [1.0, 2.5], "label": 1}}.
 * Both fields are required, the features a non-empty array of finite numbers, the label a finite number.
 * Other fields are ignored; a duplicate key is an error (never "the last one wins"). Blank lines are skipped.
 */
public final class JsonlExampleReader extends LineReader {

    private static final ObjectMapper MAPPER = dev.streamgrad.model.StrictJson.mapper();

    /** Field names. */
    public static final String FEATURES = "features";
    public static final String LABEL = "label";

    /**
     * @param reader the JSONL text; closed by {@link #close()}
     * @param sourceName name used in error messages (usually the file name)
     */
    public JsonlExampleReader(BufferedReader reader, String sourceName) {
        super(reader, sourceName);
    }

    @Override
    LabeledExample parse(String line, long number) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw error(number, "not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw error(number, "expected a JSON object with \"features\" and \"label\"");
        }
        JsonNode features = node.get(FEATURES);
        if (features == null || !features.isArray() || features.isEmpty()) {
            throw error(number, "\"features\" must be a non-empty array of numbers");
        }
        double[] x = new double[features.size()];
        for (int i = 0; i < x.length; i++) {
            JsonNode v = features.get(i);
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw error(number, "\"features\"[" + i + "] is not a finite number: " + v);
            }
            x[i] = v.doubleValue();
        }
        JsonNode label = node.get(LABEL);
        if (label == null || !label.isNumber() || !Double.isFinite(label.doubleValue())) {
            throw error(number, "\"label\" must be a finite number");
        }
        return new LabeledExample(x, label.doubleValue());
    }
}
