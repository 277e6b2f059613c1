/**
 * Optimisers (MATH.md, "Regularisation and optimisers"): the hyperparameters in an immutable
 * {@link dev.streamgrad.model.optim.OptimizerSpec}, the update rule in a stateless
 * {@link dev.streamgrad.model.optim.Optimizer}, the learned state (slots v, s, m and the step t) held by the model.
 */
package dev.streamgrad.model.optim;
