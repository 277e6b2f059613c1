package dev.streamgrad.model.drift;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Page-Hinkley test (Page, "Continuous Inspection Schemes", Biometrika 1954) for an increase of the mean, in the
 * standard form with the minimum M_T, as MOA's {@code moa.classifiers.core.driftdetection.PageHinkleyDM} computes it
 * in its current source (MOA's released 2024.07.0 jar still tests m_T &gt; λ, without M_T):
 * <pre>
 *   x̄_T = x̄_{T−1} + (x_T − x̄_{T−1}) / T                 (running mean of the values since the last reset)
 *   m_T = α·m_{T−1} + (x_T − x̄_T − δ),   m_0 = 0           (cumulative deviation, with forgetting factor α)
 *   M_T = min(M_{T−1}, m_T),   M_0 = +∞ (Double.MAX_VALUE)
 *   change at T  ⇔  T + 1 ≥ minInstances  and  m_T − M_T &gt; λ
 * </pre>
 * ({@code T + 1} because MOA compares its counter after incrementing it: with the default 30, the first value that
 * can signal is the 29th after a reset.) After a detection the test restarts from scratch at the next value. This is
 * the one-sided test for an increase, the direction that matters for a loss or an error rate. River's
 * {@code PageHinkley} of the same defaults differs: it clamps m_T at 0 and tests m_T ≥ λ.
 */
public final class PageHinkley implements DriftDetector {
    private static final byte STATE_VERSION = 1;

    private final PageHinkleySpec spec;
    private long observations;
    private long detections;
    /** MOA m_n: 1 + values since the last reset. */
    private long n;
    private double mean;
    private double sum;
    private double min;
    private boolean detected;

    PageHinkley(PageHinkleySpec spec) {
        this.spec = spec;
        reset();
    }

    @Override
    public PageHinkleySpec spec() {
        return spec;
    }

    @Override
    public void reset() {
        observations = 0;
        detections = 0;
        restart();
        detected = false;
    }

    /** MOA resetLearning: the test starts again (counters of the detector kept). */
    private void restart() {
        n = 1;
        mean = 0;
        sum = 0;
        min = Double.MAX_VALUE;
    }

    @Override
    public boolean add(double x) {
        DetectorChecks.requireFinite(x);
        if (detected) {
            restart();
        }
        observations++;
        mean = mean + (x - mean) / (double) n;
        sum = spec.alpha() * sum + (x - mean - spec.delta());
        n++;
        if (sum <= min) {
            min = sum;
        }
        double pht = sum - min;
        detected = n >= spec.minInstances() && pht > spec.lambda();
        if (detected) {
            detections++;
        }
        return detected;
    }

    /** @return x̄_T, the mean of the values since the last restart */
    @Override
    public double estimate() {
        return mean;
    }

    @Override
    public boolean detected() {
        return detected;
    }

    @Override
    public long observations() {
        return observations;
    }

    @Override
    public long detections() {
        return detections;
    }

    /**
     * @return observations, detections, estimate (x̄_T), sum (m_T), min (M_T), statistic (m_T − M_T, 0 before the
     *     first value), count (T, values since the last restart)
     */
    @Override
    public Map<String, Double> statistics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("observations", (double) observations);
        m.put("detections", (double) detections);
        m.put("estimate", mean);
        m.put("sum", sum);
        m.put("min", min);
        m.put("statistic", n == 1 ? 0 : sum - min);
        m.put("count", (double) (n - 1));
        return Collections.unmodifiableMap(m);
    }

    /** Layout (big-endian): version byte (1); observations, detections, n int64; mean, sum, min float64; detected byte. */
    @Override
    public byte[] exportState() {
        return ByteBuffer.allocate(1 + 24 + 24 + 1).put(STATE_VERSION).putLong(observations).putLong(detections)
                .putLong(n).putDouble(mean).putDouble(sum).putDouble(min).put((byte) (detected ? 1 : 0)).array();
    }

    @Override
    public void importState(byte[] state) {
        try {
            ByteBuffer bb = ByteBuffer.wrap(state);
            byte version = bb.get();
            require(version == STATE_VERSION, "unsupported state version " + version);
            long obs = bb.getLong();
            long det = bb.getLong();
            long count = bb.getLong();
            double mu = bb.getDouble();
            double s = bb.getDouble();
            double mn = bb.getDouble();
            byte flag = bb.get();
            require(!bb.hasRemaining(), bb.remaining() + " trailing bytes");
            require(obs >= 0 && det >= 0 && det <= obs && count >= 1 && count - 1 <= obs && (flag == 0 || flag == 1),
                    "counters out of range");
            observations = obs;
            detections = det;
            n = count;
            mean = mu;
            sum = s;
            min = mn;
            detected = flag == 1;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("page-hinkley state: truncated (" + state.length + " bytes)", e);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("page-hinkley state: " + message);
        }
    }

    @Override
    public String toString() {
        return "PageHinkley[" + spec.toText() + ", detections=" + detections + "]";
    }
}
