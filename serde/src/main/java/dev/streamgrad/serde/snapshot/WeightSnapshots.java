package dev.streamgrad.serde.snapshot;

import dev.streamgrad.model.LayerSpec;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.init.Initializer;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.optim.OptimizerType;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.avro.LayerParameters;
import dev.streamgrad.serde.avro.LayerSpecRecord;
import dev.streamgrad.serde.avro.NetworkSpecRecord;
import dev.streamgrad.serde.avro.OptimizerSpecRecord;
import dev.streamgrad.serde.avro.ScalerState;
import dev.streamgrad.serde.avro.Tensor;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.PrimitivesArrays;

/**
 * Converts between {@link ModelState} and {@link WeightSnapshot}, exactly: {@code toModelState(fromModelState(s))}
 * equals {@code s} bit for bit (every double keeps its IEEE-754 bits, NaN payloads and -0.0 included), so a model
 * restored from a snapshot continues training exactly as the original would have.
 *
 * <p>Doubles are held in Avro's primitive arrays (no boxing per value), so models of millions of weights convert
 * in one pass.
 */
public final class WeightSnapshots {
    private static final Schema DOUBLES = Schema.createArray(Schema.create(Schema.Type.DOUBLE));

    private WeightSnapshots() {
    }

    /**
     * @param modelId the model's id (the snapshot topic's key); not null
     * @param time    when the snapshot is taken; not null
     * @param state   Not modified. The state to save.
     * @param metrics running metrics to include (may be empty); not modified
     * @return the snapshot; its version is {@code state.updates()}
     */
    public static WeightSnapshot fromModelState(String modelId, Instant time, ModelState state,
                                                Map<String, Double> metrics) {
        Objects.requireNonNull(modelId, "modelId");
        NetworkSpec spec = state.spec();
        List<String> slotNames = spec.optimizer().type().slotNames();
        List<LayerParameters> layers = new ArrayList<>(state.depth());
        for (int l = 1; l <= state.depth(); l++) {
            layers.add(LayerParameters.newBuilder()
                    .setInputSize(spec.size(l - 1))
                    .setOutputSize(spec.size(l))
                    .setWeights(doubles(state.weights(l)))
                    .setBiases(doubles(state.bias(l)))
                    .setWeightSlots(tensors(slotNames, state.weightSlots(l)))
                    .setBiasSlots(tensors(slotNames, state.biasSlots(l)))
                    .build());
        }
        return WeightSnapshot.newBuilder()
                .setModelId(modelId)
                .setVersion(state.updates())
                .setEvents(state.events())
                .setSnapshotTime(Objects.requireNonNull(time, "time"))
                .setSpec(specRecord(spec))
                .setLayers(layers)
                .setScaler(new ScalerState(state.scalerCount(), doubles(state.scalerMean()), doubles(state.scalerM2())))
                .setMetrics(Map.copyOf(metrics))
                .build();
    }

    /**
     * @param snapshot Not modified.
     * @return the model state it holds
     * @throws SnapshotFormatException naming the field if the snapshot is not a valid state (unknown activation,
     *                                 shapes that do not match the spec, missing optimiser slots, ...)
     */
    public static ModelState toModelState(WeightSnapshot snapshot) {
        NetworkSpec spec = spec(snapshot.getSpec());
        List<String> slotNames = spec.optimizer().type().slotNames();
        int depth = snapshot.getLayers().size();
        if (depth != spec.depth()) {
            throw new SnapshotFormatException("layers: the spec has " + spec.depth() + " layers, the snapshot "
                    + depth + " parameter sets");
        }
        double[][] weights = new double[depth][];
        double[][] biases = new double[depth][];
        double[][][] weightSlots = new double[depth][][];
        double[][][] biasSlots = new double[depth][][];
        for (int i = 0; i < depth; i++) {
            LayerParameters p = snapshot.getLayers().get(i);
            weights[i] = doubles(p.getWeights());
            biases[i] = doubles(p.getBiases());
            weightSlots[i] = slots("layers[" + i + "].weightSlots", slotNames, p.getWeightSlots());
            biasSlots[i] = slots("layers[" + i + "].biasSlots", slotNames, p.getBiasSlots());
        }
        ScalerState scaler = snapshot.getScaler();
        int d = spec.scaling() ? spec.inputSize() : 0;
        long scalerCount = scaler == null ? 0 : scaler.getCount();
        double[] mean = scaler == null ? new double[d] : doubles(scaler.getMean());
        double[] m2 = scaler == null ? new double[d] : doubles(scaler.getM2());
        try {
            return ModelState.wrap(spec, weights, biases, weightSlots, biasSlots, snapshot.getVersion(),
                    snapshot.getEvents(), scalerCount, mean, m2);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("snapshot of model '" + snapshot.getModelId() + "': " + e.getMessage(), e);
        }
    }

    /** @return the spec as its Avro record */
    public static NetworkSpecRecord specRecord(NetworkSpec spec) {
        List<LayerSpecRecord> layers = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            layers.add(new LayerSpecRecord(l.size(), l.activation().toString()));
        }
        OptimizerSpec o = spec.optimizer();
        return NetworkSpecRecord.newBuilder()
                .setInputSize(spec.inputSize())
                .setLayers(layers)
                .setLoss(spec.loss().toString())
                .setOptimizer(OptimizerSpecRecord.newBuilder()
                        .setType(o.type().jsonName()).setLearningRate(o.learningRate()).setLrPower(o.lrPower())
                        .setMomentum(o.momentum()).setNesterov(o.nesterov()).setRho(o.rho())
                        .setBeta1(o.beta1()).setBeta2(o.beta2()).setEpsilon(o.epsilon()).build())
                .setInitializer(spec.initializer() == null ? null : spec.initializer().jsonName())
                .setL2(spec.l2())
                .setSeed(spec.seed())
                .setScaling(spec.scaling())
                .setScalingEpsilon(spec.scalingEpsilon())
                .setClipNorm(spec.clipNorm())
                .build();
    }

    /**
     * @return the spec an Avro record describes
     * @throws SnapshotFormatException naming the field of an invalid spec
     */
    public static NetworkSpec spec(NetworkSpecRecord r) {
        try {
            NetworkSpec.Builder b = NetworkSpec.builder().inputSize(r.getInputSize());
            for (LayerSpecRecord l : r.getLayers()) {
                b.layer(l.getUnits(), l.getActivation());
            }
            OptimizerSpecRecord o = r.getOptimizer();
            b.loss(r.getLoss())
                    .optimizer(new OptimizerSpec(OptimizerType.parse(o.getType()), o.getLearningRate(), o.getLrPower(),
                            o.getMomentum(), o.getNesterov(), o.getRho(), o.getBeta1(), o.getBeta2(), o.getEpsilon()))
                    .l2(r.getL2())
                    .seed(r.getSeed())
                    .scaling(r.getScaling())
                    .scalingEpsilon(r.getScalingEpsilon())
                    .clipNorm(r.getClipNorm());
            if (r.getInitializer() != null) {
                b.initializer(Initializer.parse(r.getInitializer()));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("spec: " + e.getMessage(), e);
        }
    }

    private static List<Tensor> tensors(List<String> names, double[][] slots) {
        List<Tensor> out = new ArrayList<>(slots.length);
        for (int s = 0; s < slots.length; s++) {
            out.add(new Tensor(names.get(s), doubles(slots[s])));
        }
        return out;
    }

    private static double[][] slots(String field, List<String> names, List<Tensor> tensors) {
        if (tensors.size() != names.size()) {
            throw new SnapshotFormatException(field + ": the optimiser keeps " + names + ", the snapshot has "
                    + tensors.size() + " slots");
        }
        double[][] out = new double[tensors.size()][];
        for (int s = 0; s < out.length; s++) {
            Tensor t = tensors.get(s);
            if (!names.get(s).equals(t.getName())) {
                throw new SnapshotFormatException(field + "[" + s + "]: expected slot '" + names.get(s) + "', found '"
                        + t.getName() + "'");
            }
            out[s] = doubles(t.getValues());
        }
        return out;
    }

    /** @return an Avro primitive double array holding a copy of {@code values} */
    static List<Double> doubles(double[] values) {
        PrimitivesArrays.DoubleArray out = new PrimitivesArrays.DoubleArray(values.length, DOUBLES);
        for (int i = 0; i < values.length; i++) {
            out.add(i, values[i]);
        }
        return out;
    }

    /** @return the values of a list of doubles, unboxed where the list is primitive */
    static double[] doubles(List<Double> values) {
        double[] out = new double[values.size()];
        if (values instanceof PrimitivesArrays.DoubleArray primitive) {
            for (int i = 0; i < out.length; i++) {
                out[i] = primitive.getDouble(i);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                Double v = values.get(i);
                if (v == null) {
                    throw new SnapshotFormatException("null in an array of doubles at index " + i);
                }
                out[i] = v;
            }
        }
        return out;
    }
}
