/**
 * Implementation details of the serdes (decoding with bounds checks, datum reader/writer caches). Not API.
 */
package dev.streamgrad.serde.internal;
