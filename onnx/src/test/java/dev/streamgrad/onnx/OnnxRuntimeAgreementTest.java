package dev.streamgrad.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The export run by ONNX Runtime gives {@code Model.predict}: 1,000 inputs for every activation (hidden and output,
 * with squared_error) and every output/loss pairing of MATH.md, with input scaling on and off, in float64 and
 * float32 (float64: every 10th input drawn 20 times wider than the training data, float32: 4 times; beyond that
 * float32's 7 digits lose more than 1e-5 to cancellation in the linear layers). Each model first learns 300 events (Adam) from a stream whose features have non-zero means and unequal
 * variances, so that its weights and its scaler's statistics are not the initial ones.
 *
 * <p>Tolerances, with e = |y_onnx − y_model| per output: float64 e ≤ 1e-12·max(1, |y_model|); float32
 * e ≤ 1e-5·max(1, |y_model|). (Relative, with an absolute floor at |y| &lt; 1: ONNX Runtime's own double Sigmoid
 * computes 1 − 1/(1+e^{−|z|}) for z &lt; 0, exact to about 1e-16 absolute but not relative for z ≪ 0.)
 */
class OnnxRuntimeAgreementTest {
    static final int D = 5;
    static final int INPUTS = 1000;
    static final double TOL64 = 1e-12;
    static final double TOL32 = 1e-5;
    static final String[] ELEMENTWISE = {"identity", "sigmoid", "tanh", "relu", "leaky_relu(0.1)", "abs",
        "softplus"};

    /** Largest errors seen, printed at the end (the README quotes them). */
    static double worst64;
    static double worst32;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean scaling : new boolean[] {false, true}) {
            for (String act : ELEMENTWISE) {
                cases.add(Arguments.of(D + ",7:" + act + ",6:" + act + ",3:" + act, "squared_error", scaling));
            }
            cases.add(Arguments.of(D + ",7:tanh,3:identity", "absolute_error", scaling));
            cases.add(Arguments.of(D + ",7:relu,3:identity", "huber(0.5)", scaling));
            cases.add(Arguments.of(D + ",7:softplus,2:sigmoid", "binary_cross_entropy", scaling));
            cases.add(Arguments.of(D + ",7:leaky_relu(0.2),4:softmax", "cross_entropy", scaling));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} scaling={2}")
    @MethodSource("cases")
    void float64AndFloat32ExportsPredictLikeTheModel(String layers, String loss, boolean scaling) throws Exception {
        Model model = trained(layers, loss, scaling);
        int k = model.outputSize();
        double[] xs = inputs(20);
        double[] expected = predictions(model, xs);
        byte[] f64 = new OnnxExporter(OnnxPrecision.FLOAT64).toBytes("m", model.state());
        try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(f64)) {
            double[] got = ort.runDouble(INPUTS, D, xs);
            worst64 = Math.max(worst64, assertClose(expected, got, TOL64, "float64 " + layers + " " + loss));
        }
        byte[] f32 = new OnnxExporter(OnnxPrecision.FLOAT32).toBytes("m", model.state());
        double[] xs32 = inputs(4);
        float[] xf = new float[xs32.length];
        for (int i = 0; i < xs32.length; i++) {
            xf[i] = (float) xs32[i];
            xs32[i] = xf[i];            // the model is given the float-rounded inputs a float32 model is given
        }
        double[] expected32 = predictions(model, xs32);
        try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(f32)) {
            double[] got = ort.runFloat(INPUTS, D, xf);
            worst32 = Math.max(worst32, assertClose(expected32, got, TOL32, "float32 " + layers + " " + loss));
        }
    }

    /**
     * @param wide how much wider every 10th input is drawn: saturated sigmoid/tanh, softplus far from 0, kinks crossed
     * @return {@value #INPUTS} inputs of the training distribution, row-major
     */
    static double[] inputs(double wide) {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] xs = new double[INPUTS * D];
        for (int r = 0; r < INPUTS; r++) {
            double f = r % 10 == 0 ? wide : 1;
            for (int j = 0; j < D; j++) {
                xs[r * D + j] = feature(rnd, j) * f;
            }
        }
        return xs;
    }

    /** @return Model.predict of each row of xs, row-major */
    static double[] predictions(Model model, double[] xs) {
        int k = model.outputSize();
        int m = xs.length / D;
        double[] out = new double[m * k];
        double[] x = new double[D];
        for (int r = 0; r < m; r++) {
            System.arraycopy(xs, r * D, x, 0, D);
            System.arraycopy(model.predict(x), 0, out, r * k, k);
        }
        return out;
    }

    /** While the scaler has seen fewer than 2 events its variance is taken as 1 (Scaler's contract): so in ONNX too. */
    @ParameterizedTest(name = "events learned: {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2})
    void aScalerOfFewEventsStandardisesAsTheModelDoes(int events) throws Exception {
        Model model = Model.create(NetworkSpec.builder().layers(D + ",4:tanh,2:identity").scaling(true).seed(1)
                .build());
        SplittableRandom rnd = new SplittableRandom(5);
        double[] x = new double[D];
        for (int e = 0; e < events; e++) {
            for (int j = 0; j < D; j++) {
                x[j] = feature(rnd, j);
            }
            model.learn(x, new double[] {1, -1}, null);
        }
        assertEquals(events, model.state().scalerCount());
        double[] xs = inputs(20);
        try (OnnxRuntimeRunner ort = new OnnxRuntimeRunner(new OnnxExporter().toBytes("m", model.state()))) {
            assertClose(predictions(model, xs), ort.runDouble(INPUTS, D, xs), TOL64, "scaler count " + events);
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("largest error / max(1,|y|): float64 %.3g, float32 %.3g%n", worst64, worst32);
    }

    /** A model of {@code layers} trained on 300 events of a fixed stream. */
    static Model trained(String layers, String loss, boolean scaling) {
        NetworkSpec spec = NetworkSpec.builder().layers(layers).loss(loss).scaling(scaling)
                .optimizer(OptimizerSpec.adam(0.01, 0.9, 0.999, 1e-8)).seed(11).build();
        Model model = Model.create(spec);
        int k = model.outputSize();
        SplittableRandom rnd = new SplittableRandom(3);
        double[] x = new double[D];
        double[] y = new double[k];
        for (int e = 0; e < 300; e++) {
            double s = 0;
            for (int j = 0; j < D; j++) {
                x[j] = feature(rnd, j);
                s += Math.sin(x[j]);
            }
            if (loss.equals("cross_entropy")) {
                model.learn(x, Math.floorMod((int) Math.floor(s * 2), k), null);
                continue;
            }
            for (int i = 0; i < k; i++) {
                y[i] = loss.equals("binary_cross_entropy") ? (s + i > 0 ? 1 : 0) : Math.cos(s + i);
            }
            model.learn(x, y, null);
        }
        return model;
    }

    /** Feature j ~ N(j − 2, (1 + j)²): unequal means and variances, as scaling is for. */
    static double feature(SplittableRandom rnd, int j) {
        return (j - 2) + (1 + j) * gaussian(rnd);
    }

    static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** @return the largest |got − expected| / max(1, |expected|) */
    static double assertClose(double[] expected, double[] got, double tol, String what) {
        assertEquals(expected.length, got.length, what + ": output length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(expected[i]), what + ": the model's prediction " + i + " is not finite");
            double e = Math.abs(got[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
            worst = Math.max(worst, e);
            if (!(e <= tol)) {
                throw new AssertionError(what + ": output " + i + " (row " + i / (expected.length / INPUTS) + "): onnx "
                        + got[i] + " vs model " + expected[i] + ", error " + e + " > " + tol);
            }
        }
        return worst;
    }
}
