package dev.streamgrad.model.drift;

import java.util.Map;
import java.util.Set;

/** Argument checks shared by the detectors and their specs. */
final class DetectorChecks {
    private DetectorChecks() {
    }

    /** @return params.get(key) as an int, or dflt; @throws IllegalArgumentException if not an integer */
    static int intParam(Map<String, Double> params, String key, int dflt) {
        Double v = params.get(key);
        if (v == null) {
            return dflt;
        }
        if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("drift detector parameter " + key + " must be an integer, got " + v);
        }
        return v.intValue();
    }

    /** @throws IllegalArgumentException naming the first key of params that is not in known */
    static void requireKnown(String type, Map<String, Double> params, Set<String> known) {
        for (String k : params.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("drift detector " + type + ": unknown parameter '" + k + "' (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    /** @throws IllegalArgumentException if x is not finite */
    static void requireFinite(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("drift detector input must be finite, got " + x);
        }
    }
}
