/**
 * Test support shared with other modules through serde's test-jar ({@code streamgrad-serde}, type
 * {@code test-jar}, scope test): a real Confluent-API schema registry (Apicurio Registry) in a child JVM.
 * No tests here.
 */
package dev.streamgrad.serde.testsupport;
