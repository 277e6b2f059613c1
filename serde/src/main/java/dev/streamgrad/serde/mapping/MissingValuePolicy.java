package dev.streamgrad.serde.mapping;

/** What to do with a missing or null feature. */
public enum MissingValuePolicy {
    /** The record is not mapped ({@link MappingException}). */
    FAIL,
    /** The feature is 0 (a categorical feature: all zeros). */
    ZERO,
    /**
     * The feature is the running mean of the values this mapper has seen for it (0 before the first); a
     * categorical feature: all zeros.
     */
    MEAN
}
