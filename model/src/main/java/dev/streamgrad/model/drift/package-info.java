/**
 * Concept-drift detection for online models, without Kafka: the {@link dev.streamgrad.model.drift.DriftDetector}
 * interface, {@link dev.streamgrad.model.drift.Adwin} (MOA's ADWIN2) and {@link dev.streamgrad.model.drift.PageHinkley}
 * (MOA's PageHinkleyDM), their parameters ({@link dev.streamgrad.model.drift.DetectorSpec}), and a model's drift
 * configuration ({@link dev.streamgrad.model.drift.DriftSpec}: detector, watched signal, action) and saved state
 * ({@link dev.streamgrad.model.drift.DriftState}, part of {@code ModelState}). The formulas are in docs/MATH.md.
 */
package dev.streamgrad.model.drift;
