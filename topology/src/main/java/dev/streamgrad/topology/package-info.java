/**
 * Kafka Streams integration of streamgrad: {@link dev.streamgrad.topology.StreamgradTopology} builds the complete
 * training and serving topologies from configuration ({@link dev.streamgrad.topology.StreamgradConfig});
 * {@link dev.streamgrad.topology.StreamgradLearner} adds online learning to your own {@code StreamsBuilder}.
 * Implementation details (the learner processor, the model store layout) are in the {@code internal} package.
 */
package dev.streamgrad.topology;
