package dev.streamgrad.model;

import java.util.List;

/**
 * Every intermediate value of one forward and backward pass, copied out (for tests and diagnostics, not the hot
 * path). Lists are indexed by l − 1 for layers l = 1..L (MATH.md names).
 *
 * @param input a_0 as the network saw it (after standardisation, if on)
 * @param z z_l
 * @param a a_l (the last one is ŷ)
 * @param delta δ_l = ∂C/∂z_l
 * @param weightGradients ∂C/∂W_l = δ_l a_{l−1}ᵀ + λW_l, n_l × n_{l−1} row-major (before any clipping)
 * @param biasGradients ∂C/∂b_l = δ_l
 * @param loss C(y, ŷ) without the L2 term
 * @param l2Penalty ½λ Σ_l ‖W_l‖², so that the cost is loss + l2Penalty
 */
public record GradientTrace(double[] input, List<double[]> z, List<double[]> a, List<double[]> delta,
                            List<double[]> weightGradients, List<double[]> biasGradients, double loss,
                            double l2Penalty) {

    /** @return loss + l2Penalty, the cost whose gradient the trace holds */
    public double cost() {
        return loss + l2Penalty;
    }
}
