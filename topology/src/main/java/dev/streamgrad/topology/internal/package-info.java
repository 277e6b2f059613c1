/**
 * Implementation of the topology; not a public API. The learner processor holds models in memory and keeps, in a
 * changelogged store, a checkpoint of each model plus a write-ahead log of the events learned since
 * ({@link dev.streamgrad.topology.internal.ModelStore}), so restores are exact under exactly-once.
 */
package dev.streamgrad.topology.internal;
