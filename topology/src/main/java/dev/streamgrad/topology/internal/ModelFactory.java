package dev.streamgrad.topology.internal;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.drift.DriftSpec;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Makes, restores and snapshots the {@link Model}s of one configured spec on one kernel backend. New models start
 * from the warm-start state if there is one (a copy per model), else from the spec's seeded initialisation, so every
 * new model of an id is the same. Every model it makes or restores watches for drift as configured: a restored
 * model whose saved drift spec is the configured one keeps its detector (so a restart detects where the run without
 * it would have); one saved with another spec gets a fresh detector of the configured one, or none.
 * Thread-safe (immutable); shared by every task.
 */
final class ModelFactory {
    private final NetworkSpec spec;
    private final KernelMode kernelMode;
    private final ModelState warmStart;
    private final DriftSpec drift;
    private final int stateBytes;

    /**
     * @param spec       the spec of new models
     * @param kernelMode the kernel backend
     * @param warmStart  the state new models start from, or null
     * @param drift      the drift spec for a model that classifies (true) or not (false); null = no detector
     */
    ModelFactory(NetworkSpec spec, KernelMode kernelMode, ModelState warmStart, Function<Boolean, DriftSpec> drift) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.kernelMode = Objects.requireNonNull(kernelMode, "kernelMode");
        this.warmStart = warmStart;
        Model probe = Model.create(spec, KernelFactory.forMode(kernelMode));
        this.drift = drift.apply(probe.isClassifier());
        this.stateBytes = ModelStateCodec.toBytes(create().state()).length;
    }

    /** @return the configured drift spec, or null when models do not watch for drift */
    DriftSpec drift() {
        return drift;
    }

    /**
     * Makes the model watch for drift as configured (see the class comment).
     *
     * @param model modified: its detector
     * @return model
     */
    private Model configured(Model model) {
        if (drift == null) {
            model.stopWatchingDrift();
        } else if (!drift.equals(model.driftSpec())) {
            model.watchDrift(drift);
        }
        return model;
    }

    /** @return the spec of new models */
    NetworkSpec spec() {
        return spec;
    }

    /** @return the serialised size of a model of this spec (every model of one spec has about this size) */
    int stateBytes() {
        return stateBytes;
    }

    /** @return a new model: from the warm-start state if one is configured, else freshly initialised */
    Model create() {
        return configured(warmStart != null ? Model.fromState(warmStart, KernelFactory.forMode(kernelMode))
                : Model.create(spec, KernelFactory.forMode(kernelMode)));
    }

    /**
     * @param state bytes of {@link #toBytes}; not modified
     * @return the model, bit-identical to the one serialised (if it was saved with the configured drift spec)
     */
    Model fromBytes(byte[] state) {
        return configured(Model.fromState(ModelStateCodec.fromBytes(state), KernelFactory.forMode(kernelMode)));
    }

    /** @return the model's complete state (weights, optimiser, scaler, counters) as bytes, bit-exact */
    static byte[] toBytes(Model model) {
        return ModelStateCodec.toBytes(model.state());
    }

    /**
     * @param snapshot a snapshot; not modified
     * @return the model it holds
     * @throws dev.streamgrad.serde.snapshot.SnapshotFormatException if it is not a valid state
     */
    Model fromSnapshot(WeightSnapshot snapshot) {
        return configured(Model.fromState(WeightSnapshots.toModelState(snapshot), KernelFactory.forMode(kernelMode)));
    }

    /**
     * @param modelId the model's id
     * @param model   the model; not modified
     * @param timeMs  the snapshot time
     * @param metrics running metrics to include (finite values only); not modified
     * @return the model's complete state as a snapshot record
     */
    static WeightSnapshot toSnapshot(String modelId, Model model, long timeMs, Map<String, Double> metrics) {
        return WeightSnapshots.fromModelState(modelId, Instant.ofEpochMilli(timeMs), model.state(), metrics);
    }
}
