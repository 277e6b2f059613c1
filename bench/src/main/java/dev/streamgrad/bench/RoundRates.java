package dev.streamgrad.bench;

import java.util.Arrays;

/**
 * Rates of several contenders timed in interleaved rounds (the same rounds for all, so a round's host speed is
 * shared): a contender's median, and its per-round ratios to the first contender, which cancel the host's drift
 * between rounds. Used by {@link BuildAb} and {@link OptimizerCpuBench}.
 */
final class RoundRates {
    private RoundRates() {
    }

    /**
     * @param rates rates[contender][round], not modified
     * @param i a contender
     * @return rates[i][r] / rates[0][r] for every round r, in round order (a new array)
     */
    static double[] ratioToFirst(double[][] rates, int i) {
        double[] ratio = new double[rates[i].length];
        for (int r = 0; r < ratio.length; r++) {
            ratio[r] = rates[i][r] / rates[0][r];
        }
        return ratio;
    }

    /** @return the median of v (the mean of the middle two for an even length); v is not modified */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
