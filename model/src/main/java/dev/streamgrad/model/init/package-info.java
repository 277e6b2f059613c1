/** Seeded weight initialisation (MATH.md, "Initialisation"): glorot_uniform and he_normal, biases 0. */
package dev.streamgrad.model.init;
