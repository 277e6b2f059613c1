package dev.streamgrad.serde.registry;

import dev.streamgrad.serde.SerdeErrorReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry in memory, with the Confluent semantics the serdes rely on: one id per distinct schema across
 * subjects, versions per subject, and compatibility checks (default {@link CompatibilityLevel#BACKWARD}, as in
 * Confluent's registry). Thread-safe (synchronised). Usually obtained through {@link MockSchemaRegistry}.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> compatibility = new HashMap<>();
    private CompatibilityLevel defaultCompatibility = CompatibilityLevel.BACKWARD;
    private int nextId = 1;

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idsBySchema.get(schema);
        if (existing != null && versions.contains(existing)) {
            return existing;
        }
        if (!isCompatible(subject, schema)) {
            throw new SchemaRegistryException(SerdeErrorReason.INCOMPATIBLE_SCHEMA, 409, 409,
                    "schema being registered is incompatible with an earlier schema for subject '" + subject + "'", null);
        }
        int id = existing != null ? existing : nextId++;
        idsBySchema.put(schema, id);
        schemasById.put(id, schema);
        versions.add(id);
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw notFound(40401, "subject '" + subject + "' not found");
        }
        Integer id = idsBySchema.get(schema);
        int index = id == null ? -1 : versions.indexOf(id);
        if (index < 0) {
            throw notFound(40403, "schema not found under subject '" + subject + "'");
        }
        return new RegisteredSchema(subject, id, index + 1, schema);
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(SerdeErrorReason.UNKNOWN_SCHEMA, 404, 40403, "schema id " + id + " not found", null);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw notFound(40401, "subject '" + subject + "' not found");
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, id, versions.size(), schemasById.get(id));
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        compatibility.put(subject, level);
    }

    /** Sets the level of subjects without their own; BACKWARD unless changed. */
    public synchronized void setDefaultCompatibility(CompatibilityLevel level) {
        defaultCompatibility = level;
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        CompatibilityLevel level = compatibility.getOrDefault(subject, defaultCompatibility);
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (level == CompatibilityLevel.NONE || versions.isEmpty()) {
            return true;
        }
        List<Integer> against = level.transitive() ? versions : versions.subList(versions.size() - 1, versions.size());
        for (int id : against) {
            Schema old = schemasById.get(id);
            if (level.backward() && !canRead(schema, old)) {
                return false;
            }
            if (level.forward() && !canRead(old, schema)) {
                return false;
            }
        }
        return true;
    }

    /** @return the subjects with at least one version */
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private static SchemaRegistryException notFound(int code, String message) {
        return new SchemaRegistryException(SerdeErrorReason.SCHEMA_NOT_REGISTERED, 404, code, message, null);
    }
}
