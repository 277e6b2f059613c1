/**
 * The demo's in-process Kafka: a real single-node KRaft broker ({@link dev.streamgrad.deploy.broker.EmbeddedKafka})
 * and the topic definitions it is given ({@link dev.streamgrad.deploy.broker.Topics}). Not for production:
 * one node, replication factor 1, data in a temporary directory.
 */
package dev.streamgrad.deploy.broker;
