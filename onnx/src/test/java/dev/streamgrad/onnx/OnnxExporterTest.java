package dev.streamgrad.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.TensorInfo;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.onnx.internal.ProtoReader;
import dev.streamgrad.onnx.internal.ProtoReader.Field;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the exported file holds: format and opset, names and shapes, metadata, the nodes of each activation. */
class OnnxExporterTest {

    static Model model(String layers, boolean scaling) {
        NetworkSpec.Builder b = NetworkSpec.builder().layers(layers).scaling(scaling).seed(2);
        Model m = Model.create(layers.endsWith("softmax") ? b.loss("cross_entropy").build() : b.build());
        int d = m.inputSize();
        for (int e = 0; e < 5; e++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = e * (j + 1) - 1.5;
            }
            double[] y = new double[m.outputSize()];
            y[0] = 1;
            m.learn(x, y, null);
        }
        return m;
    }

    static List<String> opTypes(byte[] onnx) {
        Field graph = ProtoReader.all(ProtoReader.read(onnx), 7).get(0);
        return ProtoReader.all(ProtoReader.read(graph.bytes()), 1).stream()
                .map(n -> ProtoReader.all(ProtoReader.read(n.bytes()), 4).get(0).string()).toList();
    }

    @Test
    void headerNamesIrVersionOpsetProducerAndModelVersion() {
        Model m = model("3,4:tanh,2:identity", false);
        byte[] onnx = new OnnxExporter().toBytes("dev-7", m.state());
        List<Field> top = ProtoReader.read(onnx);
        assertEquals(OnnxExporter.IR_VERSION, ProtoReader.all(top, 1).get(0).varint());
        assertEquals(7, OnnxExporter.IR_VERSION);
        assertEquals("streamgrad", ProtoReader.all(top, 2).get(0).string());
        assertEquals("dev.streamgrad", ProtoReader.all(top, 4).get(0).string());
        assertEquals(5, ProtoReader.all(top, 5).get(0).varint(), "model_version = updates");
        List<Field> opsets = ProtoReader.all(top, 8);
        assertEquals(1, opsets.size());
        List<Field> opset = ProtoReader.read(opsets.get(0).bytes());
        assertEquals("", ProtoReader.all(opset, 1).get(0).string());
        assertEquals(13, ProtoReader.all(opset, 2).get(0).varint());
    }

    @Test
    void onnxRuntimeSeesTheNamesShapesTypesAndMetadata() throws Exception {
        Model m = model("3,4:leaky_relu(0.25),2:sigmoid", true);
        ModelState state = m.state();
        for (OnnxPrecision p : OnnxPrecision.values()) {
            try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(new OnnxExporter(p).toBytes("dev-7", state))) {
                Map<String, NodeInfo> in = ort.session().getInputInfo();
                Map<String, NodeInfo> out = ort.session().getOutputInfo();
                assertEquals(List.of("x"), List.copyOf(in.keySet()));
                assertEquals(List.of("y"), List.copyOf(out.keySet()));
                TensorInfo x = (TensorInfo) in.get("x").getInfo();
                TensorInfo y = (TensorInfo) out.get("y").getInfo();
                assertArrayEquals(new long[] {-1, 3}, x.getShape(), "batch dimension symbolic");
                assertArrayEquals(new long[] {-1, 2}, y.getShape());
                OnnxJavaType type = p == OnnxPrecision.FLOAT64 ? OnnxJavaType.DOUBLE : OnnxJavaType.FLOAT;
                assertEquals(type, x.type);
                assertEquals(type, y.type);

                OnnxModelMetadata meta = ort.metadata();
                assertEquals("streamgrad", meta.getProducerName());
                assertEquals("dev.streamgrad", meta.getDomain());
                assertEquals(5, meta.getVersion());
                Map<String, String> custom = meta.getCustomMetadata();
                assertEquals("dev-7", custom.get(OnnxExporter.META_MODEL_ID));
                assertEquals("5", custom.get(OnnxExporter.META_VERSION));
                assertEquals("5", custom.get(OnnxExporter.META_EVENTS));
                assertEquals(p.label(), custom.get(OnnxExporter.META_PRECISION));
                assertEquals(state.spec(), NetworkSpec.fromJson(custom.get(OnnxExporter.META_SPEC)));
            }
        }
    }

    @Test
    void eachLayerIsOneGemmAndItsActivationAndIdentityAddsNothing() {
        assertEquals(List.of("Gemm", "Tanh", "Gemm"),
                opTypes(new OnnxExporter().toBytes("m", model("3,4:tanh,2:identity", false).state())));
        assertEquals(List.of("Sub", "Div", "Gemm", "Relu", "Gemm", "Abs", "Gemm", "Softmax"),
                opTypes(new OnnxExporter().toBytes("m", model("3,4:relu,5:abs,2:softmax", true).state())));
        // float32 uses ONNX's own LeakyRelu and Softplus; float64 composes them (ONNX Runtime's CPU provider has them
        // for float only)
        ModelState s = model("3,4:leaky_relu(0.25),2:softplus", false).state();
        assertEquals(List.of("Gemm", "LeakyRelu", "Gemm", "Softplus"),
                opTypes(new OnnxExporter(OnnxPrecision.FLOAT32).toBytes("m", s)));
        assertEquals(List.of("Gemm", "Relu", "Min", "Mul", "Add", "Gemm", "Relu", "Abs", "Neg", "Exp", "Add", "Log",
                "Add"), opTypes(new OnnxExporter(OnnxPrecision.FLOAT64).toBytes("m", s)));
    }

    @Test
    void weightsAreTheModelsBitsInFloat64() {
        ModelState s = model("3,4:tanh,2:identity", true).state();
        byte[] onnx = new OnnxExporter().toBytes("m", s);
        Field graph = ProtoReader.all(ProtoReader.read(onnx), 7).get(0);
        List<Field> inits = ProtoReader.all(ProtoReader.read(graph.bytes()), 5);
        assertEquals(List.of("scaler_mean", "scaler_divisor", "W1", "b1", "W2", "b2"), inits.stream()
                .map(t -> ProtoReader.all(ProtoReader.read(t.bytes()), 8).get(0).string()).toList());
        List<Field> w2 = ProtoReader.read(inits.get(4).bytes());
        assertEquals(List.of(2L, 4L), ProtoReader.all(w2, 1).stream().map(Field::varint).toList(), "dims [n_2, n_1]");
        assertEquals(11, ProtoReader.all(w2, 2).get(0).varint(), "DOUBLE");
        ByteBuffer raw = ByteBuffer.wrap(ProtoReader.all(w2, 9).get(0).bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (double w : s.weights(2)) {
            assertEquals(Double.doubleToRawLongBits(w), Double.doubleToRawLongBits(raw.getDouble()));
        }
        assertEquals(0, raw.remaining());
    }

    @Test
    void streamingWriteGivesTheSameBytes() throws Exception {
        Model m = model("3,4:tanh,2:identity", true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new OnnxExporter(OnnxPrecision.FLOAT32).write("m", m, out);
        assertArrayEquals(new OnnxExporter(OnnxPrecision.FLOAT32).toBytes("m", m.state()), out.toByteArray());
    }

    @Test
    void aModelOverProtobufsLimitIsRefusedNamingTheLimit() {
        OnnxExporter.requireProtobufSize("big", Integer.MAX_VALUE, OnnxPrecision.FLOAT64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.requireProtobufSize("big", Integer.MAX_VALUE + 1L, OnnxPrecision.FLOAT64));
        assertTrue(e.getMessage().contains("2 GiB"), e.getMessage());
        assertTrue(e.getMessage().contains("'big'"), e.getMessage());
    }

    @Test
    void precisionParsesItsNames() {
        assertEquals(OnnxPrecision.FLOAT64, OnnxPrecision.parse("float64"));
        assertEquals(OnnxPrecision.FLOAT64, OnnxPrecision.parse("Double"));
        assertEquals(OnnxPrecision.FLOAT32, OnnxPrecision.parse("float32"));
        assertEquals(OnnxPrecision.FLOAT32, OnnxPrecision.parse(" FLOAT "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxPrecision.parse("half"));
        assertEquals("unknown precision 'half' (known: float64, float32)", e.getMessage());
    }
}
