package dev.streamgrad.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.onnx.OnnxExporter;
import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/** Test helper: runs an exported float64 ONNX file in ONNX Runtime and compares it with the model. */
public final class OnnxFiles {
    private OnnxFiles() {
    }

    /**
     * Asserts that the ONNX file's {@code y} equals {@code Model.predict} of {@code state} on {@code rows} random
     * inputs (N(0, 3²) features) to 1e-12·max(1, |ŷ|), and that its metadata names the model and version.
     */
    public static void assertPredictsLike(Path onnx, ModelState state, String modelId, int rows) throws Exception {
        Model model = Model.fromState(state);
        int d = model.inputSize();
        int k = model.outputSize();
        SplittableRandom rnd = new SplittableRandom(1);
        double[] xs = new double[rows * d];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 3 * (rnd.nextDouble() * 2 - 1);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        // the calls of the README's "Serve it elsewhere" Java snippet
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, DoubleBuffer.wrap(xs), new long[] {rows, d});
             OrtSession.Result r = session.run(Map.of("x", x))) {
            double[][] y = (double[][]) r.get("y").orElseThrow().getValue();
            String version = session.getMetadata().getCustomMetadata().get("streamgrad.version");
            assertEquals(Long.toString(state.updates()), version);
            assertEquals(modelId, session.getMetadata().getCustomMetadata().get(OnnxExporter.META_MODEL_ID));
            assertEquals(rows, y.length);
            double[] row = new double[d];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(xs, i * d, row, 0, d);
                double[] expected = model.predict(row);
                for (int j = 0; j < k; j++) {
                    double got = y[i][j];
                    double e = Math.abs(got - expected[j]) / Math.max(1, Math.abs(expected[j]));
                    if (!(e <= 1e-12)) {
                        throw new AssertionError("row " + i + " output " + j + ": onnx " + got + " vs model "
                                + expected[j]);
                    }
                }
            }
        }
    }
}
