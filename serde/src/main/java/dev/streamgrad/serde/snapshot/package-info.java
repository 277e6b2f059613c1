/**
 * Exact conversion between the model's state ({@code dev.streamgrad.model.state.ModelState}) and the
 * {@code WeightSnapshot} Avro record: {@link dev.streamgrad.serde.snapshot.WeightSnapshots}.
 */
package dev.streamgrad.serde.snapshot;
