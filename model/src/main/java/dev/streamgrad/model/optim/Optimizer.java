package dev.streamgrad.model.optim;

import dev.streamgrad.model.kernel.StepRule;

/**
 * One optimiser update rule, applied to one parameter array at a time. Stateless: the slots (v, s, m) and the
 * step number t belong to the model, so they are saved and restored with it.
 *
 * <p>Every rule is written once, in {@link #step}, and run twice by the model: first with {@code commit = false}
 * to check that no new value would be NaN or ±Inf (nothing written), then with {@code commit = true}. The two
 * runs compute the same bits, so a step that passed the check cannot produce a non-finite value. Per event, the
 * model instead runs the same rule fused with the backward pass ({@link #rule()}), after proving from bounds that
 * no value can overflow, so each weight is read and written once.
 */
public interface Optimizer {

    /**
     * @return the same rule for the kernels: its element formulas are the ones {@link #step} evaluates, so the fused
     *     per-event kernel ({@link dev.streamgrad.model.kernel.Kernels#backpropStep}) gives the bits of this step
     */
    StepRule rule();

    /** @return the number of state arrays per parameter array (0 for sgd, 2 for adam) */
    int slotCount();

    /**
     * One update of θ[0..n) with gradient g. L2 decay is applied here so that it never touches biases:
     * the effective gradient is g + λθ.
     *
     * @param eta η_t, the learning rate of this step
     * @param l2 λ for weight arrays, 0 for biases
     * @param t the number of this step, 1-based (Adam's bias correction)
     * @param theta parameters, modified only if {@code commit}
     * @param g gradient ∂C/∂θ without the L2 term, not modified
     * @param slots {@link #slotCount()} arrays of length ≥ n, modified only if {@code commit}
     * @param commit write the new values; otherwise only check them
     * @return true if every new θ and slot value is finite (with commit = true: always, if the check passed)
     */
    boolean step(double eta, double l2, long t, double[] theta, double[] g, int n, double[][] slots, boolean commit);
}
