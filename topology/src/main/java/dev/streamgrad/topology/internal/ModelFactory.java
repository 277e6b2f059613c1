package dev.streamgrad.topology.internal;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Makes, restores and snapshots the {@link Model}s of one configured spec on one kernel backend. New models start
 * from the warm-start state if there is one (a copy per model), else from the spec's seeded initialisation, so every
 * new model of an id is the same. Thread-safe (immutable); shared by every task.
 */
final class ModelFactory {
    private final NetworkSpec spec;
    private final KernelMode kernelMode;
    private final ModelState warmStart;
    private final int stateBytes;

    /**
     * @param spec       the spec of new models
     * @param kernelMode the kernel backend
     * @param warmStart  the state new models start from, or null
     */
    ModelFactory(NetworkSpec spec, KernelMode kernelMode, ModelState warmStart) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.kernelMode = Objects.requireNonNull(kernelMode, "kernelMode");
        this.warmStart = warmStart;
        this.stateBytes = ModelStateCodec.toBytes(create().state()).length;
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
        return warmStart != null ? Model.fromState(warmStart, KernelFactory.forMode(kernelMode))
                : Model.create(spec, KernelFactory.forMode(kernelMode));
    }

    /**
     * @param state bytes of {@link #toBytes}; not modified
     * @return the model, bit-identical to the one serialised
     */
    Model fromBytes(byte[] state) {
        return Model.fromState(ModelStateCodec.fromBytes(state), KernelFactory.forMode(kernelMode));
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
        return Model.fromState(WeightSnapshots.toModelState(snapshot), KernelFactory.forMode(kernelMode));
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
