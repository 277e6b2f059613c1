/**
 * Saved model state: the value object {@link dev.streamgrad.model.state.ModelState} (read and written field by
 * field by other modules), its versioned binary form {@link dev.streamgrad.model.state.ModelStateCodec}, and the
 * JSON weights exchange format {@link dev.streamgrad.model.state.WeightsJson}.
 */
package dev.streamgrad.model.state;
