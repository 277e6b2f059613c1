package dev.streamgrad.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A 784-256-10 classifier (relu, softmax, cross_entropy, scaling on) of MNIST's shape, trained on 500 synthetic
 * events: its export run by ONNX Runtime on 1,000 inputs gives {@code Model.predict} (same tolerances as
 * {@link OnnxRuntimeAgreementTest}), and the file is the size of its parameters plus a small header.
 */
class LargeModelOnnxTest {
    static final int D = 784;
    static final int K = 10;
    static final int INPUTS = 1000;

    @Test
    void a784x256x10ClassifierRunsInOnnxRuntimeAsInTheModel() throws Exception {
        Model model = Model.create(NetworkSpec.builder().layers(D + ",256:relu," + K + ":softmax")
                .loss("cross_entropy").scaling(true).optimizer(OptimizerSpec.adam(1e-3, 0.9, 0.999, 1e-8)).seed(5)
                .build());
        SplittableRandom rnd = new SplittableRandom(9);
        for (int e = 0; e < 500; e++) {
            double[] x = image(rnd);
            int c = 0;
            for (int j = 0; j < D; j += 97) {
                c += x[j] > 0.5 ? 1 : 0;
            }
            model.learn(x, c % K, null);
        }
        ModelState state = model.state();
        double[] xs = new double[INPUTS * D];
        double[] expected = new double[INPUTS * K];
        for (int r = 0; r < INPUTS; r++) {
            double[] x = image(rnd);
            System.arraycopy(x, 0, xs, r * D, D);
            System.arraycopy(model.predict(x), 0, expected, r * K, K);
        }

        byte[] f64 = new OnnxExporter().toBytes("mnist", state);
        long params = (long) D * 256 + 256 + 256L * K + K + 2L * D;     // W, b per layer, scaler mean and divisor
        assertTrue(f64.length >= 8 * params && f64.length < 8 * params + 4096, "float64 file " + f64.length
                + " bytes for " + params + " parameters");
        try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(f64)) {
            double[] got = ort.runDouble(INPUTS, D, xs);
            double worst = OnnxRuntimeAgreementTest.assertClose(expected, got, OnnxRuntimeAgreementTest.TOL64,
                    "784-256-10 float64");
            System.out.printf("784-256-10 float64: largest error / max(1,|y|) %.3g%n", worst);
        }

        byte[] f32 = new OnnxExporter(OnnxPrecision.FLOAT32).toBytes("mnist", state);
        assertTrue(f32.length >= 4 * params && f32.length < 4 * params + 4096, "float32 file " + f32.length);
        float[] xf = new float[xs.length];
        double[] xr = new double[D];
        double[] expected32 = new double[INPUTS * K];
        for (int r = 0; r < INPUTS; r++) {
            for (int j = 0; j < D; j++) {
                xf[r * D + j] = (float) xs[r * D + j];
                xr[j] = xf[r * D + j];
            }
            System.arraycopy(model.predict(xr), 0, expected32, r * K, K);
        }
        try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(f32)) {
            double[] got = ort.runFloat(INPUTS, D, xf);
            double worst = OnnxRuntimeAgreementTest.assertClose(expected32, got, OnnxRuntimeAgreementTest.TOL32,
                    "784-256-10 float32");
            System.out.printf("784-256-10 float32: largest error / max(1,|y|) %.3g%n", worst);
            double sum = 0;
            for (int i = 0; i < K; i++) {
                sum += got[i];
            }
            assertEquals(1.0, sum, 1e-6, "softmax rows sum to 1");
        }
    }

    /** A synthetic 28×28 "image": pixels in [0, 1], most of them 0, a blob of ink at a random place. */
    static double[] image(SplittableRandom rnd) {
        double[] x = new double[D];
        int cr = rnd.nextInt(6, 22);
        int cc = rnd.nextInt(6, 22);
        double radius = rnd.nextDouble(2, 6);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                double dist = Math.hypot(r - cr, c - cc);
                x[r * 28 + c] = dist < radius ? Math.min(1, (radius - dist) / 2 + rnd.nextDouble(0, 0.3)) : 0;
            }
        }
        return x;
    }
}
