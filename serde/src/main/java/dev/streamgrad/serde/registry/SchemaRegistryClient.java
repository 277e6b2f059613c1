package dev.streamgrad.serde.registry;

import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API that the serdes and their tests use. Implementations are
 * thread-safe. Every method throws {@link SchemaRegistryException} (unchecked) on failure, with a
 * {@link SchemaRegistryException#reason() reason} the serdes copy into their own exception.
 */
public interface SchemaRegistryClient {

    /**
     * Registers a schema under a subject (idempotent: an already registered schema gets its existing id).
     *
     * @return the schema's registry-wide id
     * @throws SchemaRegistryException with reason INCOMPATIBLE_SCHEMA if the subject's compatibility rule refuses it
     */
    int register(String subject, Schema schema);

    /**
     * Looks a schema up under a subject without registering it.
     *
     * @return the registered version
     * @throws SchemaRegistryException with reason SCHEMA_NOT_REGISTERED if the subject or schema is not there
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * Fetches a schema by id.
     *
     * @throws SchemaRegistryException with reason UNKNOWN_SCHEMA if no schema has that id
     */
    Schema getById(int id);

    /**
     * Fetches the latest version under a subject.
     *
     * @throws SchemaRegistryException with reason SCHEMA_NOT_REGISTERED if the subject does not exist
     */
    RegisteredSchema latest(String subject);

    /** Sets a subject's compatibility level ({@code PUT /config/{subject}}). */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** @return whether the schema could be registered under the subject's compatibility rule */
    boolean isCompatible(String subject, Schema schema);
}
