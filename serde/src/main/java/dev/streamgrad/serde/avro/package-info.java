/**
 * Classes generated at build time by avro-maven-plugin from {@code serde/src/main/avro/*.avsc}: {@code LabeledEvent},
 * {@code Prediction}, {@code WeightSnapshot} (and its nested records), {@code DeadLetter}, {@code DriftEvent} and {@code Label}. Never edit or commit
 * the generated sources; change the schemas instead (add fields with defaults, keep the snapshot fixtures decoding).
 */
package dev.streamgrad.serde.avro;
