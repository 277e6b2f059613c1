package dev.streamgrad.model.drift;

import java.util.Map;

/**
 * A {@link DriftSpec} with its live detector: what a model holds when it watches for drift. The model feeds it one
 * value per learned event and applies the spec's action when it signals. Not thread-safe.
 */
public final class DriftMonitor {
    private final DriftSpec spec;
    private final DriftDetector detector;

    /** A fresh monitor: the detector has seen nothing. */
    public DriftMonitor(DriftSpec spec) {
        this.spec = spec;
        this.detector = spec.detector().create();
    }

    /**
     * @param detectorState {@link DriftDetector#exportState()} of a detector of {@code spec.detector()}; not modified
     * @return a monitor that continues exactly where the exported one stood
     * @throws IllegalArgumentException if the bytes are not a valid state of that detector
     */
    public static DriftMonitor restore(DriftSpec spec, byte[] detectorState) {
        DriftMonitor m = new DriftMonitor(spec);
        m.detector.importState(detectorState);
        return m;
    }

    public DriftSpec spec() {
        return spec;
    }

    /**
     * Feeds one value to the detector.
     *
     * @param value finite
     * @return true if the detector signals a drift at this value
     * @throws IllegalArgumentException if the value is not finite (nothing changed)
     */
    public boolean observe(double value) {
        return detector.add(value);
    }

    /** @return {@link DriftDetector#estimate()} */
    public double estimate() {
        return detector.estimate();
    }

    /** @return the detector's values seen so far */
    public long observations() {
        return detector.observations();
    }

    /** @return {@link DriftDetector#statistics()} */
    public Map<String, Double> statistics() {
        return detector.statistics();
    }

    /** @return {@link DriftDetector#exportState()} */
    public byte[] exportDetector() {
        return detector.exportState();
    }
}
