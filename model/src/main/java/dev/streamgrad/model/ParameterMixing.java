package dev.streamgrad.model;

/**
 * Iterative parameter mixing (McDonald, Hall and Mann, 2010): the weighted average of R replicas' parameter vectors,
 * θ̄ = Σ_r w_r θ_r / Σ_r w_r, where w_r is the number of events replica r learned since the last average.
 *
 * <p><b>Bit-exact.</b> Each coordinate is summed in replica order r = 0, 1, ..., R−1 (then divided once by Σ w_r), so
 * the result depends only on the inputs and their replica indices, never on the order in which they arrived.
 * Stateless; thread-safe.
 */
public final class ParameterMixing {
    private ParameterMixing() {
    }

    /**
     * @param thetas  θ_r indexed by replica r (R ≥ 1 vectors of one length); read, not kept
     * @param weights w_r, each ≥ 1; read, not kept
     * @return a new vector θ̄
     * @throws IllegalArgumentException if the counts or lengths differ, a weight is below 1, or a value is not finite
     */
    public static double[] weightedAverage(double[][] thetas, long[] weights) {
        if (thetas.length == 0 || thetas.length != weights.length) {
            throw new IllegalArgumentException(thetas.length + " parameter vectors, " + weights.length + " weights");
        }
        int n = thetas[0].length;
        double total = 0;
        for (int r = 0; r < thetas.length; r++) {
            if (thetas[r].length != n) {
                throw new IllegalArgumentException("replica " + r + " has " + thetas[r].length + " parameters, replica"
                        + " 0 has " + n);
            }
            if (weights[r] < 1) {
                throw new IllegalArgumentException("replica " + r + " has weight " + weights[r] + " (must be ≥ 1)");
            }
            total += weights[r];
        }
        double[] mean = new double[n];
        for (int r = 0; r < thetas.length; r++) {
            double w = weights[r];
            double[] theta = thetas[r];
            for (int i = 0; i < n; i++) {
                mean[i] += w * theta[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= total;
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("parameter " + i + " of the average is " + mean[i]);
            }
        }
        return mean;
    }

    /**
     * Pipelined mixing (staleness 1): a replica that published θ_pub, kept learning to θ_now, and then receives the
     * average θ̄ of the round it published keeps the progress it made since: θ ← θ̄ + (θ_now − θ_pub), computed per
     * coordinate in exactly that order (so the bits depend only on the three vectors).
     *
     * @param average   θ̄; read, not kept
     * @param now       θ_now; read, not kept
     * @param published θ_pub; read, not kept
     * @return a new vector
     * @throws IllegalArgumentException if the lengths differ or a result is not finite
     */
    public static double[] rebase(double[] average, double[] now, double[] published) {
        if (now.length != average.length || published.length != average.length) {
            throw new IllegalArgumentException("lengths " + average.length + " (average), " + now.length + " (now), "
                    + published.length + " (published)");
        }
        double[] out = new double[average.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = average[i] + (now[i] - published[i]);
            if (!Double.isFinite(out[i])) {
                throw new IllegalArgumentException("parameter " + i + " of the rebased average is " + out[i]);
            }
        }
        return out;
    }
}
