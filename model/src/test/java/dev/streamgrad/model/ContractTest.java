package dev.streamgrad.model;

import static dev.streamgrad.model.Fixtures.data;
import static dev.streamgrad.model.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.model.state.WeightsJson;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract checks run on every optimiser × loss family (as River's check suite): inputs are not mutated, same seed
 * same bits, the state round trip is exact and continuing after it equals never stopping, copy() is independent,
 * a batch of one equals one event, and a batch step equals the mean of per-event gradients.
 */
class ContractTest {
    static final int N = 40;

    static List<NetworkSpec> specs() {
        return Fixtures.specs();
    }

    static void learnAll(Model m, double[][] data, int from, int to) {
        int d = m.inputSize();
        int k = m.outputSize();
        for (int r = from; r < to; r++) {
            m.learn(row(data[0], r, d), row(data[1], r, k), null);
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void learnDoesNotMutateInputs(NetworkSpec spec) {
        Model m = Model.create(spec, new JavaKernels());
        double[][] data = data(spec, N, 1);
        double[] xs = data[0].clone();
        double[] ys = data[1].clone();
        learnAll(m, data, 0, N);
        m.learnBatch(N, data[0], data[1], null);
        m.predict(row(data[0], 0, spec.inputSize()));
        assertArrayEquals(xs, data[0]);
        assertArrayEquals(ys, data[1]);
    }

    @ParameterizedTest
    @MethodSource("specs")
    void sameSeedSameBits(NetworkSpec spec) {
        double[][] data = data(spec, N, 2);
        Model a = Model.create(spec, new JavaKernels());
        Model b = Model.create(spec, new JavaKernels());
        learnAll(a, data, 0, N);
        learnAll(b, data, 0, N);
        assertEquals(a.state(), b.state());
        Model other = Model.create(spec.toBuilder().seed(spec.seed() + 1000).build(), new JavaKernels());
        assertNotEquals(Model.create(spec).state().weights(1)[0], other.state().weights(1)[0]);
    }

    @ParameterizedTest
    @MethodSource("specs")
    void stateRoundTripIsExactAndContinuesAsNeverStopped(NetworkSpec spec) {
        double[][] data = data(spec, N, 3);
        Model straight = Model.create(spec, new JavaKernels());
        learnAll(straight, data, 0, N);

        Model first = Model.create(spec, new JavaKernels());
        learnAll(first, data, 0, N / 2);
        ModelState saved = first.state();
        byte[] bytes = ModelStateCodec.toBytes(saved);
        ModelState decoded = ModelStateCodec.fromBytes(bytes);
        assertEquals(saved, decoded, "codec round trip");
        assertArrayEquals(bytes, ModelStateCodec.toBytes(decoded), "re-encoding gives the same bytes");

        Model resumed = Model.fromState(decoded, new JavaKernels());
        assertEquals(saved, resumed.state(), "ModelState round trip");
        learnAll(resumed, data, N / 2, N);
        assertEquals(straight.state(), resumed.state(), "continuing after the round trip equals never stopping");
        assertArrayEquals(ModelStateCodec.toBytes(straight.state()), ModelStateCodec.toBytes(resumed.state()));

        ModelState fromJson = WeightsJson.fromJson(WeightsJson.toJson(saved));
        for (int l = 1; l <= spec.depth(); l++) {
            assertArrayEquals(saved.weights(l), fromJson.weights(l), "weights JSON is exact");
            assertArrayEquals(saved.bias(l), fromJson.bias(l));
        }
        assertArrayEquals(saved.scalerMean(), fromJson.scalerMean());
    }

    @ParameterizedTest
    @MethodSource("specs")
    void copyIsIndependent(NetworkSpec spec) {
        double[][] data = data(spec, N, 4);
        Model m = Model.create(spec, new JavaKernels());
        learnAll(m, data, 0, N / 2);
        Model c = m.copy();
        ModelState before = c.state();
        learnAll(m, data, N / 2, N);
        assertEquals(before, c.state(), "learning on the original does not change the copy");
        learnAll(c, data, N / 2, N);
        assertEquals(m.state(), c.state(), "the copy learns the same way");
    }

    @ParameterizedTest
    @MethodSource("specs")
    void batchOfOneEqualsOneEvent(NetworkSpec spec) {
        double[][] data = data(spec, N, 5);
        int d = spec.inputSize();
        int k = spec.outputSize();
        Model event = Model.create(spec, new JavaKernels());
        Model batch = Model.create(spec, new JavaKernels());
        double[] pe = new double[k];
        double[] pb = new double[k];
        for (int r = 0; r < N; r++) {
            double ce = event.learn(row(data[0], r, d), row(data[1], r, k), pe);
            double cb = batch.learnBatch(1, row(data[0], r, d), row(data[1], r, k), pb);
            assertEquals(ce, cb);
            assertArrayEquals(pe, pb);
        }
        assertEquals(event.state(), batch.state(), "bitwise equal with the Java kernels");

        Model eventAuto = Model.create(spec, KernelFactory.auto());
        Model batchAuto = Model.create(spec, KernelFactory.auto());
        for (int r = 0; r < N; r++) {
            eventAuto.learn(row(data[0], r, d), row(data[1], r, k), null);
            batchAuto.learnBatch(1, row(data[0], r, d), row(data[1], r, k), null);
        }
        ModelState a = eventAuto.state();
        ModelState b = batchAuto.state();
        for (int l = 1; l <= spec.depth(); l++) {
            Approx.rel(a.weights(l), b.weights(l), 1e-12, "W_" + l + " (auto kernels: " + eventAuto.kernels().name() + ")");
        }
    }

    /** The batch step equals the step computed from the mean of per-event gradients (from trace()). */
    @ParameterizedTest
    @MethodSource("specs")
    void batchStepUsesTheMeanGradient(NetworkSpec spec0) {
        // Plain SGD, no clipping, no scaling: the expected step is W − η·mean(∂C/∂W) in closed form.
        NetworkSpec spec = spec0.toBuilder().optimizer(dev.streamgrad.model.optim.OptimizerSpec.sgd(0.1)).clipNorm(0)
                .scaling(false).build();
        int m = 7;
        double[][] data = data(spec, m, 6);
        int d = spec.inputSize();
        int k = spec.outputSize();
        Model model = Model.create(spec, new JavaKernels());
        ModelState before = model.state();
        double[][] sumW = new double[spec.depth()][];
        double[][] sumB = new double[spec.depth()][];
        for (int r = 0; r < m; r++) {
            GradientTrace t = model.trace(row(data[0], r, d), row(data[1], r, k));
            for (int l = 0; l < spec.depth(); l++) {
                if (sumW[l] == null) {
                    sumW[l] = new double[t.weightGradients().get(l).length];
                    sumB[l] = new double[t.biasGradients().get(l).length];
                }
                for (int i = 0; i < sumW[l].length; i++) {
                    sumW[l][i] += t.weightGradients().get(l)[i]; // includes λW each time: mean keeps one λW
                }
                for (int i = 0; i < sumB[l].length; i++) {
                    sumB[l][i] += t.biasGradients().get(l)[i];
                }
            }
        }
        model.learnBatch(m, data[0], data[1], null);
        ModelState after = model.state();
        for (int l = 1; l <= spec.depth(); l++) {
            double[] expected = before.weights(l).clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] -= 0.1 * sumW[l - 1][i] / m;
            }
            Approx.rel(expected, after.weights(l), 1e-12, "W_" + l);
            double[] eb = before.bias(l).clone();
            for (int i = 0; i < eb.length; i++) {
                eb[i] -= 0.1 * sumB[l - 1][i] / m;
            }
            Approx.rel(eb, after.bias(l), 1e-12, "b_" + l);
        }
        assertEquals(1, model.updates());
        assertEquals(m, model.events());
    }
}
