package dev.streamgrad.model.drift;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@link Adwin}, with MOA's names and defaults ({@code moa.classifiers.core.driftdetection.ADWIN}).
 *
 * @param delta δ ∈ (0, 1), the confidence of the cut test (MOA {@code mdbldelta}, default 0.002)
 * @param clock the cut test runs every {@code clock} values (MOA {@code mintClock}, default 32), ≥ 1
 * @param maxBuckets M, buckets kept per row before two are merged (MOA {@code MAXBUCKETS}, default 5), ≥ 2
 * @param minWindowLength the cut test runs only while the window holds more than this many values
 *                        (MOA {@code mintMinimLongitudWindow}, default 10), ≥ 0
 * @param minSubWindowLength a cut needs both sub-windows longer than this + 1, and it enters ε_cut as
 *                           1/(n_i − this + 1) (MOA {@code mintMinWinLength}, default 5), ≥ 0
 */
public record AdwinSpec(double delta, int clock, int maxBuckets, int minWindowLength, int minSubWindowLength)
        implements DetectorSpec {

    /** The defaults: δ 0.002, clock 32, M 5, window &gt; 10, sub-windows &gt; 5 + 1. */
    public static final AdwinSpec DEFAULT = new AdwinSpec(0.002, 32, 5, 10, 5);

    private static final List<String> NAMES = List.of("delta", "clock", "max_buckets", "min_window_length",
            "min_sub_window_length");

    /** @throws IllegalArgumentException naming the first parameter out of range */
    public AdwinSpec {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("adwin delta must be in (0, 1), got " + delta);
        }
        if (clock < 1) {
            throw new IllegalArgumentException("adwin clock must be ≥ 1, got " + clock);
        }
        if (maxBuckets < 2) {
            throw new IllegalArgumentException("adwin max_buckets must be ≥ 2, got " + maxBuckets);
        }
        if (minWindowLength < 0 || minSubWindowLength < 0) {
            throw new IllegalArgumentException("adwin min_window_length and min_sub_window_length must be ≥ 0, got "
                    + minWindowLength + " / " + minSubWindowLength);
        }
    }

    /** @return the defaults with another δ */
    public static AdwinSpec withDelta(double delta) {
        return new AdwinSpec(delta, DEFAULT.clock, DEFAULT.maxBuckets, DEFAULT.minWindowLength,
                DEFAULT.minSubWindowLength);
    }

    static AdwinSpec of(Map<String, Double> p) {
        DetectorChecks.requireKnown("adwin", p, new LinkedHashSet<>(NAMES));
        return new AdwinSpec(p.getOrDefault("delta", DEFAULT.delta),
                DetectorChecks.intParam(p, "clock", DEFAULT.clock),
                DetectorChecks.intParam(p, "max_buckets", DEFAULT.maxBuckets),
                DetectorChecks.intParam(p, "min_window_length", DEFAULT.minWindowLength),
                DetectorChecks.intParam(p, "min_sub_window_length", DEFAULT.minSubWindowLength));
    }

    @Override
    public String name() {
        return "adwin";
    }

    @Override
    public Adwin create() {
        return new Adwin(this);
    }

    @Override
    public Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(NAMES.get(0), delta);
        m.put(NAMES.get(1), (double) clock);
        m.put(NAMES.get(2), (double) maxBuckets);
        m.put(NAMES.get(3), (double) minWindowLength);
        m.put(NAMES.get(4), (double) minSubWindowLength);
        return m;
    }
}
