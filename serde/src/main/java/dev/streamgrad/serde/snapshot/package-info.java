/**
 * Snapshots of a model: exact conversion between the model's state ({@code dev.streamgrad.model.state.ModelState})
 * and the {@code WeightSnapshot} Avro record ({@link dev.streamgrad.serde.snapshot.WeightSnapshots}), and the layout
 * of the snapshot topic, chunks and manifest ({@link dev.streamgrad.serde.snapshot.SnapshotTopicFormat}) with its
 * reader "latest value per key, then assemble" ({@link dev.streamgrad.serde.snapshot.LatestSnapshots}).
 */
package dev.streamgrad.serde.snapshot;
