/**
 * Losses C(y, ŷ), each with its output delta δ_L = ∂C/∂z_L side by side (MATH.md, "Losses"). Squared error
 * carries the ½ (so its δ has no 2); the cross-entropies are computed from the logits z_L, never from ln ŷ.
 */
package dev.streamgrad.model.loss;
