package dev.streamgrad.model.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One detected drift, as reported by {@code Model.observeDrift}: what a drift record and a metric need.
 *
 * @param detector the detector's spec
 * @param observation the 1-based index, among the values the detector has seen, of the value that triggered it
 * @param statistics the detector's statistics right after the detection (unmodifiable)
 * @param increase whether the watched signal went up: the detector's estimate after the value exceeds its estimate
 *                 before it (the rule of MOA's Hoeffding adaptive tree, which ignores a change to fewer errors)
 * @param action the action the model applied: the configured one on an increase, {@link DriftAction#NONE} on a
 *               decrease (a loss that falls needs no remedy)
 * @param version the model version (optimiser updates) when the drift was detected, before the action
 */
public record DriftDetection(DetectorSpec detector, long observation, Map<String, Double> statistics,
                             boolean increase, DriftAction action, long version) {
    /** Copies the statistics, keeping their order. */
    public DriftDetection {
        statistics = Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
    }
}
