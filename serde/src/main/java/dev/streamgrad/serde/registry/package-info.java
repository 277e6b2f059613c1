/**
 * A client for the Confluent Schema Registry REST API ({@link dev.streamgrad.serde.registry.SchemaRegistryClient}):
 * over HTTP with fail-over, retries and bounded timeouts ({@link dev.streamgrad.serde.registry.RestSchemaRegistryClient}),
 * a caching decorator ({@link dev.streamgrad.serde.registry.CachingSchemaRegistryClient}) and the in-memory
 * {@code mock://scope} registry for tests ({@link dev.streamgrad.serde.registry.MockSchemaRegistry}).
 * Works with Confluent Schema Registry, Apicurio ({@code /apis/ccompat/v7}), Karapace and Redpanda.
 */
package dev.streamgrad.serde.registry;
