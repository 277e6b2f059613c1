package dev.streamgrad.serde.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a schema under a subject.
 *
 * @param subject the subject; not null
 * @param id      the registry-wide schema id
 * @param version the version under the subject (1-based)
 * @param schema  the parsed Avro schema; not null
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
