package dev.streamgrad.model.scale;

import java.util.Arrays;

/**
 * Running per-feature mean and variance (Welford 1962, as in Knuth TAOCP vol. 2, 4.2.2) and the standardisation
 * x' = (x − mean)/√(var + ε), var = M2/count (population variance).
 *
 * <p>Prequential order: a model standardises an event with the state <em>before</em> that event, and the scaler
 * learns the event only after the model's update was accepted (so a refused update leaves the scaler untouched too).
 * Until two events were seen the variance is unknown and taken as 1: the first event passes through unchanged
 * (mean 0), the second is only centred. This avoids dividing by √ε on the first events.
 */
public final class Scaler {
    private final int d;
    private final double eps;
    private long count;
    private final double[] mean;
    private final double[] m2;

    /** A fresh scaler for d features. */
    public Scaler(int d, double eps) {
        this(d, eps, 0, new double[d], new double[d]);
    }

    /**
     * Restores a scaler.
     *
     * @param mean length d, copied
     * @param m2 length d (Σ of squared deviations), copied
     */
    public Scaler(int d, double eps, long count, double[] mean, double[] m2) {
        if (mean.length != d || m2.length != d) {
            throw new IllegalArgumentException("scaler: mean/m2 have " + mean.length + "/" + m2.length
                    + " elements, expected " + d);
        }
        this.d = d;
        this.eps = eps;
        this.count = count;
        this.mean = mean.clone();
        this.m2 = m2.clone();
    }

    /** @return an independent copy */
    public Scaler copy() {
        return new Scaler(d, eps, count, mean, m2);
    }

    /**
     * out ← (x − mean)/√(var + ε) with the current state.
     *
     * @param x length d, not modified
     * @param out length d, modified (may be a row of a batch array)
     * @param outOff offset of the row in out
     */
    public void transform(double[] x, int xOff, double[] out, int outOff) {
        for (int j = 0; j < d; j++) {
            double var = count < 2 ? 1.0 : m2[j] / count;
            out[outOff + j] = (x[xOff + j] - mean[j]) / Math.sqrt(var + eps);
        }
    }

    /**
     * Learns one event (Welford): count += 1; δ = x − mean; mean += δ/count; M2 += δ·(x − mean_new).
     *
     * @param x row of length d at xOff, not modified
     */
    public void update(double[] x, int xOff) {
        count++;
        for (int j = 0; j < d; j++) {
            double v = x[xOff + j];
            double delta = v - mean[j];
            mean[j] += delta / count;
            m2[j] += delta * (v - mean[j]);
        }
    }

    /** @return the number of events learned */
    public long count() {
        return count;
    }

    /** @return ε */
    public double epsilon() {
        return eps;
    }

    /** @return a copy of the running means */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the running sums of squared deviations M2 */
    public double[] m2() {
        return m2.clone();
    }

    /** @return a copy of the population variances M2/count (1 while count &lt; 2, see class doc) */
    public double[] variance() {
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = count < 2 ? 1.0 : m2[j] / count;
        }
        return v;
    }

    @Override
    public String toString() {
        return "Scaler[count=" + count + ", mean=" + Arrays.toString(mean) + "]";
    }
}
