/**
 * What the {@code produce}, {@code export} and {@code train} commands do, without the learning topology:
 * {@link dev.streamgrad.deploy.offline.OfflineTrainer} (learning from a data file with the model's engine),
 * {@link dev.streamgrad.deploy.offline.SnapshotFiles} (the snapshot file format),
 * {@link dev.streamgrad.deploy.offline.SnapshotTopicReader} (the latest snapshot of a model from a topic) and
 * {@link dev.streamgrad.deploy.offline.EventProducer} (examples to a topic as {@code LabeledEvent}s).
 */
package dev.streamgrad.deploy.offline;
