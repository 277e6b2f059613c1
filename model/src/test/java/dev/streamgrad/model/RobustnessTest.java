package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.activation.Activation;
import dev.streamgrad.model.kernel.DimensionMismatchException;
import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.loss.Loss;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.model.state.StateFormatException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** NaN/Inf refusal leaves the model's bytes unchanged; bad dimensions and corrupt bytes fail clearly; stable losses. */
class RobustnessTest {

    static java.util.List<NetworkSpec> specs() {
        return Fixtures.specs();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void nonFiniteInputsAreRefusedBeforeTouchingTheModel(NetworkSpec spec) {
        Model m = Model.create(spec, new JavaKernels());
        double[][] data = Fixtures.data(spec, 5, 9);
        ContractTest.learnAll(m, data, 0, 5);
        byte[] before = ModelStateCodec.toBytes(m.state());
        double[] x = Fixtures.row(data[0], 0, spec.inputSize());
        double[] y = Fixtures.row(data[1], 0, spec.outputSize());
        x[1] = Double.NaN;
        NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> m.learn(x, y, null));
        assertTrue(e.getMessage().contains("x[1]"), e.getMessage());
        x[1] = 0;
        y[0] = Double.POSITIVE_INFINITY;
        e = assertThrows(NonFiniteInputException.class, () -> m.learn(x, y, null));
        assertTrue(e.getMessage().contains("y[0]"), e.getMessage());
        double[] xs = data[0].clone();
        xs[xs.length - 1] = Double.NEGATIVE_INFINITY;
        assertThrows(NonFiniteInputException.class, () -> m.learnBatch(5, xs, data[1], null));
        assertArrayEquals(before, ModelStateCodec.toBytes(m.state()));
    }

    static java.util.List<OptimizerSpec> optimizers() {
        return Fixtures.optimizers();
    }

    /**
     * Huge learning rate and huge inputs with scaling off, identity layers: the loss (squared error) or the step
     * (absolute error: finite loss, but g ≈ 1e200 so η·g or g² overflows) is not finite. Both are refused, per
     * event and per batch, with and without clipping, and the model's bytes do not change.
     */
    @ParameterizedTest
    @MethodSource("optimizers")
    void overflowingUpdateIsRefusedAndTheModelIsUnchanged(OptimizerSpec opt0) {
        OptimizerSpec opt = new OptimizerSpec(opt0.type(), 1e300, 0, 0.9, opt0.nesterov(), 0.9, 0.9, 0.999, 1e-8);
        for (String loss : new String[] {"squared_error", "absolute_error"}) {
            for (double clip : new double[] {0, 1}) {
                NetworkSpec spec = NetworkSpec.builder().layers("4,3:identity,2:identity").loss(loss).optimizer(opt)
                        .clipNorm(clip).build();
                Model m = Model.create(spec, new JavaKernels());
                m.learn(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0, 0}, null);
                byte[] before = ModelStateCodec.toBytes(m.state());
                double[] x = {1e200, -1e200, 1e200, 1e200};
                double[] y = {1, 0};
                NonFiniteUpdateException e = assertThrows(NonFiniteUpdateException.class, () -> m.learn(x, y, null));
                assertTrue(e.getMessage().contains("model unchanged"), e.getMessage());
                assertArrayEquals(before, ModelStateCodec.toBytes(m.state()), "per event, " + loss + ", clip " + clip);
                assertThrows(NonFiniteUpdateException.class, () -> m.learnBatch(1, x, y, null));
                assertArrayEquals(before, ModelStateCodec.toBytes(m.state()), "batch, " + loss + ", clip " + clip);
                assertEquals(1, m.updates());
                assertEquals(1, m.events());
            }
        }
    }

    @Test
    void fusedSgdRefusesAnOverflowThatOnlyTheStepWouldCause() {
        // Finite forward pass and loss (z ≈ 1e100, C ≈ 1e200), but η·δ·x ≈ 1e200·1e100·1e100 overflows W_1.
        NetworkSpec spec = NetworkSpec.builder().layers("2,1:identity").optimizer(OptimizerSpec.sgd(1e200)).build();
        Model m = Model.create(spec, new JavaKernels());
        byte[] before = ModelStateCodec.toBytes(m.state());
        NonFiniteUpdateException e = assertThrows(NonFiniteUpdateException.class,
                () -> m.learn(new double[] {1e100, -1e100}, new double[] {1}, null));
        assertTrue(e.getMessage().contains("W_"), e.getMessage());
        assertArrayEquals(before, ModelStateCodec.toBytes(m.state()));
        // The model still learns normally afterwards.
        m.learn(new double[] {0.1, 0.2}, new double[] {0}, null);
        assertEquals(1, m.updates());
    }

    @Test
    void fusedSgdFallsBackToAnExactCheckNearOverflowAndStillLearns() {
        // δ_1 = W_2ᵀ δ_2 = ±2e300 is finite, but the cheap bound n_2·max|W_2|·max|δ_2| = 2e300 exceeds the safe
        // limit (1e300): the model computes the same step into buffers, checks it exactly and applies it.
        NetworkSpec spec = NetworkSpec.builder().layers("2,2:identity,1:identity").optimizer(OptimizerSpec.sgd(0.01))
                .build();
        ModelState s = ModelState.ofWeights(spec, new double[][] {{1, 0, 0, 1}, {1e299, -1e299}},
                new double[][] {{0, 0}, {0}});
        Model event = Model.fromState(s, new JavaKernels());
        Model batch = Model.fromState(s, new JavaKernels());
        double[] x = {0.5, 0.5};
        double[] y = {-20};
        event.learn(x, y, null);
        batch.learnBatch(1, x, y, null);
        assertEquals(batch.state(), event.state(), "fallback gives the bits of the batch path");
        double[] w1 = event.state().weights(1);
        Approx.rel(1 - 0.01 * 2e300 * 0.5, w1[0], 1e-15, "W_1[0,0]");
        Approx.rel(-0.01 * 2e300 * 0.5, w1[1], 1e-15, "W_1[0,1]");
    }

    @Test
    void wrongDimensionsNameExpectedAndActual() {
        Model m = Model.create(NetworkSpec.builder().layers("3,2:tanh,1:identity").build());
        DimensionMismatchException e = assertThrows(DimensionMismatchException.class,
                () -> m.learn(new double[2], new double[1], null));
        assertTrue(e.getMessage().contains("expected length 3, got 2"), e.getMessage());
        e = assertThrows(DimensionMismatchException.class, () -> m.learn(new double[3], new double[2], null));
        assertTrue(e.getMessage().contains("expected length 1, got 2"), e.getMessage());
        e = assertThrows(DimensionMismatchException.class, () -> m.learnBatch(4, new double[9], new double[4], null));
        assertTrue(e.getMessage().contains("4×3 = 12"), e.getMessage());
        Model c = Model.create(NetworkSpec.builder().layers("3,4:softmax").loss("cross_entropy").build());
        InvalidInputException ie = assertThrows(InvalidInputException.class, () -> c.learn(LabeledExample.of(new double[3], Target.classIndex(4))));
        assertTrue(ie.getMessage().contains("class index 4"), ie.getMessage());
    }

    @Test
    void corruptOrTruncatedBytesFailClearly() {
        Model m = Model.create(NetworkSpec.builder().layers("3,4:tanh,2:identity")
                .optimizer(OptimizerSpec.adam(0.01, 0.9, 0.999, 1e-8)).scaling(true).build());
        m.learn(new double[] {1, 2, 3}, new double[] {1, 0});
        byte[] ok = ModelStateCodec.toBytes(m.state());
        byte[] flipped = ok.clone();
        flipped[ok.length / 2] ^= 1;
        assertTrue(assertThrows(StateFormatException.class, () -> ModelStateCodec.fromBytes(flipped))
                .getMessage().contains("CRC32 mismatch"));
        byte[] truncated = java.util.Arrays.copyOf(ok, ok.length - 9);
        assertThrows(StateFormatException.class, () -> ModelStateCodec.fromBytes(truncated));
        assertThrows(StateFormatException.class, () -> ModelStateCodec.fromBytes(new byte[3]));
        byte[] magic = ok.clone();
        magic[0] = 'X';
        assertTrue(assertThrows(StateFormatException.class, () -> ModelStateCodec.fromBytes(magic))
                .getMessage().contains("bad magic"));
        byte[] version = ok.clone();
        version[5] = 9;
        assertTrue(assertThrows(StateFormatException.class, () -> ModelStateCodec.fromBytes(version))
                .getMessage().contains("version 9"));
    }

    @Test
    void crossEntropiesStayFiniteForHugeLogits() {
        double[] z = {1000, -1000};
        double[] yhat = new double[2];
        Activation.sigmoid().apply(z, yhat, 1, 2);
        double[] delta = new double[2];
        double bce = Loss.binaryCrossEntropy().lossAndDelta(Activation.sigmoid(), z, yhat, new double[] {0, 1}, delta, 0, 2);
        assertEquals(2000, bce, 1e-9, "softplus(1000) + softplus(−1000) − 1·(−1000)");
        assertEquals(0, Loss.binaryCrossEntropy().loss(z, yhat, new double[] {1, 0}, 0, 2), 1e-300);
        double[] p = new double[2];
        Activation.softmax().apply(z, p, 1, 2);
        double ce = Loss.crossEntropy().lossAndDelta(Activation.softmax(), z, p, new double[] {0, 1}, delta, 0, 2);
        assertEquals(2000, ce, 1e-9);
        assertEquals(0, Loss.crossEntropy().loss(z, p, new double[] {1, 0}, 0, 2), 1e-300);
        assertArrayEquals(new double[] {1, -1}, delta);
        assertEquals(1000, dev.streamgrad.model.activation.Softplus.value(1000), 0);
        assertEquals(0, dev.streamgrad.model.activation.Sigmoid.value(-1000), 1e-300);
    }
}
