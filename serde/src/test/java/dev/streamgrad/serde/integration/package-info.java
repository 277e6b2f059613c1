/**
 * Integration tests against a real Confluent-API schema registry (Apicurio Registry 2.4.2, built by
 * {@code infra/apicurio-registry}), run by Failsafe during {@code mvn verify}.
 */
package dev.streamgrad.serde.integration;
