package dev.streamgrad.model.drift;

import java.util.Arrays;
import java.util.Objects;

/**
 * The part of a model's state that drift handling adds: the optimiser's step base (set by reset-optimizer and
 * reset-model), an active learning-rate boost, and, when the model watches for drift, its {@link DriftSpec} and the
 * detector's exported state. Immutable (the detector bytes are copied in and out).
 *
 * @param optimizerStepBase the model version at the last optimiser reset: the optimiser's step is
 *                          t = version − optimizerStepBase (0 = never reset), ≥ 0
 * @param lrFactor the active learning-rate multiplier, finite and &gt; 0; exactly 1 when no boost is active
 * @param lrFactorEvents learned events for which {@code lrFactor} still holds, ≥ 0 (0 = no boost active)
 * @param spec the drift configuration, or null when the model does not watch for drift
 * @param detectorState {@link DriftDetector#exportState()} of the model's detector (null iff spec is null)
 */
public record DriftState(long optimizerStepBase, double lrFactor, long lrFactorEvents, DriftSpec spec,
                         byte[] detectorState) {

    /** No reset, no boost, no detector: the state of every model that never used drift handling. */
    public static final DriftState NONE = new DriftState(0, 1, 0, null, null);

    /** @throws IllegalArgumentException naming the first field out of range */
    public DriftState {
        if (optimizerStepBase < 0) {
            throw new IllegalArgumentException("drift state: optimizer step base must be ≥ 0, got " + optimizerStepBase);
        }
        if (!(Double.isFinite(lrFactor) && lrFactor > 0)) {
            throw new IllegalArgumentException("drift state: learning-rate factor must be finite and > 0, got " + lrFactor);
        }
        if (lrFactorEvents < 0 || lrFactorEvents == 0 && lrFactor != 1) {
            throw new IllegalArgumentException("drift state: a learning-rate factor of " + lrFactor + " for "
                    + lrFactorEvents + " events (no active boost must have factor 1)");
        }
        if ((spec == null) != (detectorState == null)) {
            throw new IllegalArgumentException("drift state: a drift spec needs a detector state and vice versa");
        }
        detectorState = detectorState == null ? null : detectorState.clone();
    }

    /** @return true for {@link #NONE}'s values (then the state codec writes its older, drift-free format) */
    public boolean isNone() {
        return optimizerStepBase == 0 && lrFactorEvents == 0 && spec == null;
    }

    /** @return a copy of the detector bytes, or null */
    @Override
    public byte[] detectorState() {
        return detectorState == null ? null : detectorState.clone();
    }

    /** Bit-for-bit equality (the factor compared by its bits, the detector state byte by byte). */
    @Override
    public boolean equals(Object o) {
        return o instanceof DriftState s && optimizerStepBase == s.optimizerStepBase
                && Double.doubleToLongBits(lrFactor) == Double.doubleToLongBits(s.lrFactor)
                && lrFactorEvents == s.lrFactorEvents && Objects.equals(spec, s.spec)
                && Arrays.equals(detectorState, s.detectorState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(optimizerStepBase, lrFactor, lrFactorEvents, spec, Arrays.hashCode(detectorState));
    }

    @Override
    public String toString() {
        return "DriftState[stepBase=" + optimizerStepBase + ", lrFactor=" + lrFactor + " for " + lrFactorEvents
                + " events, spec=" + (spec == null ? "none" : spec.toJson()) + "]";
    }
}
