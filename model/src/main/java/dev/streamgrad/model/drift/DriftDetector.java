package dev.streamgrad.model.drift;

import java.util.Map;

/**
 * A change detector over a stream of real values (a model's prequential loss, or its 0/1 error): one value in,
 * "changed here?" out.
 *
 * <p>Lifecycle: made fresh by {@link DetectorSpec#create()}; {@link #add} for every value in stream order;
 * {@link #exportState()} whenever the owner checkpoints; {@link #importState} on a fresh detector of the same spec
 * to continue exactly where the exported one stood (the restored detector signals at the same indexes as the original
 * would have, bit for bit); {@link #reset()} to forget everything seen.
 *
 * <p>Deterministic (no randomness, no clock), not thread-safe, allocation-free per value in steady state.
 */
public interface DriftDetector {

    /** @return the parameters this detector was made with */
    DetectorSpec spec();

    /**
     * Adds the next value.
     *
     * @param x the value; must be finite
     * @return true if a change was detected at this value (the same as {@link #detected()} afterwards)
     * @throws IllegalArgumentException if x is NaN or ±Inf (the detector is left unchanged)
     */
    boolean add(double x);

    /** @return the detector's current estimate of the mean of the values (0 before the first value) */
    double estimate();

    /** @return whether the last {@link #add} detected a change */
    boolean detected();

    /** @return values added since creation or the last {@link #reset()} */
    long observations();

    /** @return changes detected since creation or the last {@link #reset()} */
    long detections();

    /**
     * @return the detector's current statistics by name, in a fixed order (always including {@code "observations"},
     *     {@code "detections"} and {@code "estimate"}, the detector's current estimate of the mean); a new
     *     unmodifiable map
     */
    Map<String, Double> statistics();

    /** Forgets every value seen: back to the state of a fresh detector of the same spec. */
    void reset();

    /**
     * @return the complete dynamic state (parameters excluded: they are the {@link #spec()}) in a compact,
     *     versioned binary form; a new array
     */
    byte[] exportState();

    /**
     * Replaces the dynamic state with one exported by a detector of the same spec.
     *
     * @param state bytes from {@link #exportState()}; not modified
     * @throws IllegalArgumentException if the bytes are not a valid state of this detector type (the detector is
     *     left unchanged)
     */
    void importState(byte[] state);
}
