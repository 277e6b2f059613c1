package dev.streamgrad.model.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A model's drift configuration: which detector watches which signal, and what the model does on a detection.
 * Immutable; saved with the model's state (so a restored model keeps watching the same way).
 *
 * @param detector the detector type and parameters, not null
 * @param signal the watched value, not null
 * @param action what happens on a detection, not null
 */
public record DriftSpec(DetectorSpec detector, DriftSignal signal, DriftAction action) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @throws IllegalArgumentException if a field is null */
    public DriftSpec {
        if (detector == null || signal == null || action == null) {
            throw new IllegalArgumentException("drift spec: detector, signal and action are required");
        }
    }

    /** @return ADWIN with MOA's defaults on the loss, action none */
    public static DriftSpec defaults() {
        return new DriftSpec(AdwinSpec.DEFAULT, DriftSignal.LOSS, DriftAction.NONE);
    }

    /** @return {@code {"detector":{"type":"adwin",...},"signal":"loss","action":"none"}} (fixed field order) */
    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.set("detector", detector.toJsonNode());
        o.put("signal", signal.jsonName());
        o.put("action", action.toText());
        return o.toString();
    }

    /** @throws IllegalArgumentException for malformed JSON or an invalid field, naming it */
    public static DriftSpec fromJson(String json) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("drift spec: malformed JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("drift spec: expected a JSON object");
        }
        return new DriftSpec(DetectorSpec.fromJsonNode(o.get("detector")),
                DriftSignal.parse(o.path("signal").asText("loss")), DriftAction.parse(o.path("action").asText("none")));
    }
}
