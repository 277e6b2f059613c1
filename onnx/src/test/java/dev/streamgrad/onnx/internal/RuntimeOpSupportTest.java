package dev.streamgrad.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Why {@link ActivationNodes} composes leaky_relu and softplus in float64: ONNX Runtime's CPU provider (the pinned
 * version) has LeakyRelu and Softplus kernels for tensor(float) only, and refuses a double graph using them. If a
 * later version adds them, this test fails and the composition may be replaced by the ops.
 */
class RuntimeOpSupportTest {

    static byte[] oneOpModel(String opType, int dataType) throws IOException {
        GraphBuilder g = new GraphBuilder(dataType);
        g.input("x");
        g.op(opType, List.of("x"), "y");
        ProtoMessage graph = OnnxProtos.graph("g", "", g.nodes(), g.initializers(),
                List.of(OnnxProtos.tensorValueInfo("x", dataType, List.of("N", 3L))),
                List.of(OnnxProtos.tensorValueInfo("y", dataType, List.of("N", 3L))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OnnxProtos.model(7, 13, "test", "0", "test", 1, "", graph, Map.of()).writeTo(out);
        return out.toByteArray();
    }

    static void load(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = OrtEnvironment.getEnvironment().createSession(model, o)) {
            assertTrue(s.getInputNames().contains("x"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LeakyRelu", "Softplus"})
    void onnxRuntimeRunsTheOpInFloatButNotInDouble(String op) throws Exception {
        byte[] f = oneOpModel(op, OnnxProtos.FLOAT);
        assertDoesNotThrow(() -> load(f));
        byte[] d = oneOpModel(op, OnnxProtos.DOUBLE);
        OrtException e = assertThrows(OrtException.class, () -> load(d));
        assertTrue(e.getMessage().contains("implementation") || e.getMessage().contains("kernel"), e.getMessage());
    }
}
