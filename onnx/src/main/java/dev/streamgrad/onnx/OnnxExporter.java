package dev.streamgrad.onnx;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.onnx.internal.GraphBuilder;
import dev.streamgrad.onnx.internal.NetworkGraph;
import dev.streamgrad.onnx.internal.OnnxProtos;
import dev.streamgrad.onnx.internal.ProtoMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a model's current network as a standard ONNX model (a serialised {@code ModelProto}): ONNX IR version
 * {@value #IR_VERSION}, default-domain opset {@value #OPSET}.
 *
 * <p>The graph computes {@code y = Model.predict(x)} for a batch: input {@code x} [N, d], output {@code y} [N, k],
 * N symbolic. It holds the online input scaling with the scaler's statistics at export time ({@code Sub}, {@code Div}),
 * one {@code Gemm} per layer and the layer's activation (identity adds nothing). The output is the output layer's
 * activation, as {@code predict} returns it: probabilities for binary_cross_entropy (sigmoid) and cross_entropy
 * (softmax), not logits. Learning state (optimiser slots, counters beyond the version) is not exported.
 *
 * <p>Metadata properties: {@value #META_MODEL_ID}, {@value #META_VERSION} (the model version,
 * {@link ModelState#updates()}, also in {@code ModelProto.model_version}), {@value #META_EVENTS},
 * {@value #META_SPEC} (the spec as JSON, {@code NetworkSpec#toJson()}) and {@value #META_PRECISION}.
 *
 * <p>Immutable; thread-safe.
 */
public final class OnnxExporter {
    /** ONNX IR version written: 7, the IR of ONNX 1.8, the first to carry opset 13. */
    public static final long IR_VERSION = 7;
    /** Version of the default ONNX operator set imported. */
    public static final long OPSET = 13;
    /** The graph input's name: x [N, d]. */
    public static final String INPUT = NetworkGraph.INPUT;
    /** The graph output's name: y [N, k]. */
    public static final String OUTPUT = NetworkGraph.OUTPUT;
    /** {@code ModelProto.producer_name}. */
    public static final String PRODUCER = "streamgrad";
    /** {@code ModelProto.domain}. */
    public static final String DOMAIN = "dev.streamgrad";

    /** Metadata key of the model id. */
    public static final String META_MODEL_ID = "streamgrad.model_id";
    /** Metadata key of the model version (optimiser updates applied). */
    public static final String META_VERSION = "streamgrad.version";
    /** Metadata key of the number of events learned. */
    public static final String META_EVENTS = "streamgrad.events";
    /** Metadata key of the network spec, JSON. */
    public static final String META_SPEC = "streamgrad.spec";
    /** Metadata key of the precision, {@code float64} or {@code float32}. */
    public static final String META_PRECISION = "streamgrad.precision";

    /** Protobuf messages are limited to 2 GiB; larger ONNX models need external data files (not written here). */
    private static final long MAX_BYTES = Integer.MAX_VALUE;

    private final OnnxPrecision precision;

    /** An exporter writing float64 tensors. */
    public OnnxExporter() {
        this(OnnxPrecision.FLOAT64);
    }

    /** @param precision the element type of every tensor, not null */
    public OnnxExporter(OnnxPrecision precision) {
        this.precision = Objects.requireNonNull(precision, "precision");
    }

    /** @return the element type of every tensor written */
    public OnnxPrecision precision() {
        return precision;
    }

    /**
     * Writes {@code state}'s network as an ONNX model to {@code out}.
     *
     * @param modelId the model's id, written to the metadata; not null
     * @param state not modified
     * @param out receives the serialised ModelProto; not flushed or closed
     * @throws IllegalArgumentException if the model would exceed protobuf's 2 GiB limit
     * @throws IOException from {@code out}
     */
    public void write(String modelId, ModelState state, OutputStream out) throws IOException {
        modelProto(modelId, state).writeTo(out);
    }

    /** Like {@link #write(String, ModelState, OutputStream)}, for a live model's current state. */
    public void write(String modelId, Model model, OutputStream out) throws IOException {
        write(modelId, model.state(), out);
    }

    /**
     * @return the serialised ONNX model of {@code state}; see {@link #write(String, ModelState, OutputStream)}
     */
    public byte[] toBytes(String modelId, ModelState state) {
        ProtoMessage m = modelProto(modelId, state);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) m.size());
        try {
            m.writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return bytes.toByteArray();
    }

    private ProtoMessage modelProto(String modelId, ModelState state) {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(state, "state");
        int type = precision == OnnxPrecision.FLOAT64 ? OnnxProtos.DOUBLE : OnnxProtos.FLOAT;
        GraphBuilder g = new GraphBuilder(type);
        NetworkGraph.build(g, state);
        int d = state.spec().inputSize();
        int k = state.spec().outputSize();
        ProtoMessage graph = OnnxProtos.graph("streamgrad", "y = Model.predict(x) of model '" + modelId
                        + "' version " + state.updates() + " (" + state.spec().layersString() + ")",
                g.nodes(), g.initializers(),
                List.of(OnnxProtos.tensorValueInfo(INPUT, type, List.of(NetworkGraph.BATCH, (long) d))),
                List.of(OnnxProtos.tensorValueInfo(OUTPUT, type, List.of(NetworkGraph.BATCH, (long) k))));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_MODEL_ID, modelId);
        meta.put(META_VERSION, Long.toString(state.updates()));
        meta.put(META_EVENTS, Long.toString(state.events()));
        meta.put(META_SPEC, state.spec().toJson());
        meta.put(META_PRECISION, precision.label());
        String producerVersion = OnnxExporter.class.getPackage().getImplementationVersion();
        ProtoMessage model = OnnxProtos.model(IR_VERSION, OPSET, PRODUCER,
                producerVersion == null ? "unknown" : producerVersion, DOMAIN, state.updates(),
                "streamgrad model '" + modelId + "': the network and input scaling at version " + state.updates()
                        + "; no optimiser state", graph, meta);
        requireProtobufSize(modelId, model.size(), precision);
        return model;
    }

    /** @throws IllegalArgumentException if {@code size} bytes exceed protobuf's 2 GiB message limit */
    static void requireProtobufSize(String modelId, long size, OnnxPrecision precision) {
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException("model '" + modelId + "' would take " + size + " bytes as ONNX ("
                    + precision.label() + "); a protobuf message is limited to 2 GiB (" + MAX_BYTES
                    + " bytes). Export float32, or use a smaller model: external data files are not written");
        }
    }
}
