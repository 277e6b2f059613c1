package dev.streamgrad.topology.internal;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.kernel.Kernels;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.util.Objects;

/**
 * Models of one spec on one kernel backend. New models start from the warm-start state if there is one (a copy
 * per model), else from the spec's seeded initialisation, so every new model of an id is the same.
 */
public final class DefaultModelFactory implements ModelFactory {
    private final NetworkSpec spec;
    private final KernelMode kernelMode;
    private final ModelState warmStart;

    /**
     * @param spec       the spec of new models
     * @param kernelMode the kernel backend
     * @param warmStart  the state new models start from, or null
     */
    public DefaultModelFactory(NetworkSpec spec, KernelMode kernelMode, ModelState warmStart) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.kernelMode = Objects.requireNonNull(kernelMode, "kernelMode");
        this.warmStart = warmStart;
    }

    private Kernels kernels() {
        return KernelFactory.forMode(kernelMode);
    }

    @Override
    public OnlineModel create(String modelId) {
        return new ModelAdapter(warmStart != null ? Model.fromState(warmStart, kernels()) : Model.create(spec,
                kernels()));
    }

    @Override
    public OnlineModel fromBytes(byte[] state) {
        return new ModelAdapter(Model.fromState(ModelStateCodec.fromBytes(state), kernels()));
    }

    @Override
    public OnlineModel fromSnapshot(WeightSnapshot snapshot) {
        return new ModelAdapter(Model.fromState(SnapshotMapper.fromSnapshot(snapshot), kernels()));
    }

    @Override
    public WeightSnapshot toSnapshot(String modelId, OnlineModel model, long timeMs,
                                     java.util.Map<String, Double> metrics) {
        return SnapshotMapper.toSnapshot(modelId, ((ModelAdapter) model).model().state(), timeMs, metrics);
    }
}
