/**
 * Activation functions S(z), each with its derivative S'(z) side by side (MATH.md, "Activations").
 * All are stateless, immutable values; {@link dev.streamgrad.model.activation.Activation#parse(String)}
 * reads their canonical text form ({@code "tanh"}, {@code "leaky_relu(0.01)"}).
 */
package dev.streamgrad.model.activation;
