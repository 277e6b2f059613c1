package dev.streamgrad.serde.registry;

/** The Confluent Schema Registry compatibility levels. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** @return true if the new schema must be able to read data written with the old ones */
    boolean backward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** @return true if the old schemas must be able to read data written with the new one */
    boolean forward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** @return true if checked against every earlier version, not just the latest */
    boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }
}
