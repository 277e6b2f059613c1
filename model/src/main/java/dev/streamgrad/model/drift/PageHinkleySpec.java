package dev.streamgrad.model.drift;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@link PageHinkley}, with the names and defaults of MOA's {@code PageHinkleyDM} (River's
 * {@code PageHinkley} has the same defaults and calls λ "threshold").
 *
 * @param minInstances no detection before this many values (MOA {@code minNumInstances}, default 30), ≥ 0
 * @param delta δ ≥ 0, the magnitude of change tolerated (default 0.005)
 * @param lambda λ &gt; 0, the detection threshold on m_T − M_T (default 50)
 * @param alpha α ∈ (0, 1], the forgetting factor of the cumulative sum (default 1 − 0.0001)
 */
public record PageHinkleySpec(int minInstances, double delta, double lambda, double alpha) implements DetectorSpec {

    /** The defaults: 30 values, δ 0.005, λ 50, α 1 − 0.0001 (computed as MOA does, in double). */
    public static final PageHinkleySpec DEFAULT = new PageHinkleySpec(30, 0.005, 50, 1 - 0.0001);

    private static final List<String> NAMES = List.of("min_instances", "delta", "lambda", "alpha");

    /** @throws IllegalArgumentException naming the first parameter out of range */
    public PageHinkleySpec {
        if (minInstances < 0) {
            throw new IllegalArgumentException("page-hinkley min_instances must be ≥ 0, got " + minInstances);
        }
        if (!(Double.isFinite(delta) && delta >= 0)) {
            throw new IllegalArgumentException("page-hinkley delta must be finite and ≥ 0, got " + delta);
        }
        if (!(Double.isFinite(lambda) && lambda > 0)) {
            throw new IllegalArgumentException("page-hinkley lambda must be finite and > 0, got " + lambda);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("page-hinkley alpha must be in (0, 1], got " + alpha);
        }
    }

    static PageHinkleySpec of(Map<String, Double> p) {
        DetectorChecks.requireKnown("page-hinkley", p, new LinkedHashSet<>(NAMES));
        return new PageHinkleySpec(DetectorChecks.intParam(p, "min_instances", DEFAULT.minInstances),
                p.getOrDefault("delta", DEFAULT.delta), p.getOrDefault("lambda", DEFAULT.lambda),
                p.getOrDefault("alpha", DEFAULT.alpha));
    }

    @Override
    public String name() {
        return "page-hinkley";
    }

    @Override
    public PageHinkley create() {
        return new PageHinkley(this);
    }

    @Override
    public Map<String, Double> parameters() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(NAMES.get(0), (double) minInstances);
        m.put(NAMES.get(1), delta);
        m.put(NAMES.get(2), lambda);
        m.put(NAMES.get(3), alpha);
        return m;
    }
}
