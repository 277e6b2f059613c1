package dev.streamgrad.onnx;

import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Test helper: loads an exported model into ONNX Runtime (CPU provider, default graph optimisations, one
 * intra-op thread: the build machine is shared) and runs batches through it.
 */
final class OnnxRuntimeRunner implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OnnxRuntimeRunner(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            this.session = env.createSession(model, options);
        }
    }

    OrtSession session() {
        return session;
    }

    OnnxModelMetadata metadata() throws OrtException {
        return session.getMetadata();
    }

    /**
     * @param xs m × d row-major, not modified
     * @return y, m × k row-major, from a float64 model
     */
    double[] runDouble(int m, int d, double[] xs) throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(env, DoubleBuffer.wrap(xs), new long[] {m, d});
             OrtSession.Result r = session.run(Map.of("x", x))) {
            OnnxTensor y = (OnnxTensor) r.get("y").orElseThrow();
            DoubleBuffer b = y.getDoubleBuffer();
            double[] out = new double[b.remaining()];
            b.get(out);
            return out;
        }
    }

    /**
     * @param xs m × d row-major, rounded to float by the caller's choice; not modified
     * @return y, m × k row-major, from a float32 model, widened to double
     */
    double[] runFloat(int m, int d, float[] xs) throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(xs), new long[] {m, d});
             OrtSession.Result r = session.run(Map.of("x", x))) {
            OnnxTensor y = (OnnxTensor) r.get("y").orElseThrow();
            FloatBuffer b = y.getFloatBuffer();
            double[] out = new double[b.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.get();
            }
            return out;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
