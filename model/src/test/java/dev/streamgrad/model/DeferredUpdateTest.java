package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.kernel.Kernels;
import dev.streamgrad.model.optim.Optimizer;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Plain SGD per event defers the first layer's W_1 update to the next forward pass ({@link Network#fusedStepDeferred},
 * {@code Kernels#updateGemv}). That must not be visible: every forward pass and every reader of the weights sees the
 * bits of the immediate step ({@link Network#fusedStep}), on every backend. Sizes are odd so that the Vector API
 * kernels run their scalar tails too.
 */
class DeferredUpdateTest {

    private static final NetworkSpec SPEC = NetworkSpec.builder().layers("13,37:relu,21:tanh,5:softmax")
            .loss("cross_entropy").optimizer(OptimizerSpec.sgd(0.05)).l2(1e-3).seed(3).build();

    @ParameterizedTest
    @EnumSource(KernelMode.class)
    void deferredStepsGiveTheBitsOfImmediateOnes(KernelMode mode) {
        Kernels k = KernelFactory.forMode(mode);
        ModelState s0 = Model.create(SPEC, k).state();
        Network deferred = FusedStepTest.network(k, SPEC, s0);
        Network immediate = FusedStepTest.network(k, SPEC, s0);
        Optimizer sgd = SPEC.optimizer().create();
        double[][][] slots = FusedStepTest.slots(SPEC, 0);
        SplittableRandom rnd = new SplittableRandom(5);
        double[] x = new double[13];
        double[] y = new double[5];
        for (long t = 1; t <= 60; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = 3 * rnd.nextDouble() - 1;
            }
            Arrays.fill(y, 0);
            y[rnd.nextInt(5)] = 1;
            double eta = SPEC.optimizer().learningRateAt(t);
            assertEquals(0, deferred.forward(x));
            assertEquals(0, immediate.forward(x));
            for (int l = 1; l <= SPEC.depth(); l++) {
                assertArrayEquals(immediate.z[l], deferred.z[l], "z_" + l + " at step " + t);
            }
            for (Network net : new Network[] {deferred, immediate}) {
                net.outputDelta(SPEC.loss(), y);
                assertTrue(net.fusedSafe(sgd.rule(), eta, SPEC.l2(), t, slots));
            }
            deferred.fusedStepDeferred(sgd, eta, SPEC.l2(), t, slots);
            immediate.fusedStep(sgd, eta, SPEC.l2(), t, slots);
            // The caller may reuse its input array: the deferred update must have kept its own copy.
            Arrays.fill(x, Double.NaN);
            if (t % 7 == 0) {
                deferred.flush();
                for (int l = 1; l <= SPEC.depth(); l++) {
                    assertArrayEquals(immediate.w[l], deferred.w[l], "W_" + l + " at step " + t);
                    assertArrayEquals(immediate.b[l], deferred.b[l], "b_" + l + " at step " + t);
                }
            }
        }
    }

    /**
     * Through {@link Model}: after each event, the state, the parameter vector and the batch path see the updated W_1,
     * and replacing the parameters discards nothing that belongs to the new ones. The reference learns the same events
     * one batch of one at a time (the batch path never defers; a batch of one gives the per-event bits with the Java
     * kernels).
     */
    @ParameterizedTest
    @EnumSource(value = KernelMode.class, names = {"JAVA"})
    void everyReaderOfTheModelSeesTheLastUpdate(KernelMode mode) {
        Kernels k = KernelFactory.forMode(mode);
        Model event = Model.create(SPEC, k);
        Model batch = Model.create(SPEC, k);
        SplittableRandom rnd = new SplittableRandom(9);
        double[] x = new double[13];
        double[] y = new double[5];
        double[] theta = new double[event.parameterCount()];
        double[] thetaBatch = new double[batch.parameterCount()];
        for (int t = 1; t <= 30; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = 3 * rnd.nextDouble() - 1;
            }
            Arrays.fill(y, 0);
            y[rnd.nextInt(5)] = 1;
            event.learn(x, y, null);
            batch.learnBatch(1, x, y, null);
            event.copyParameters(theta);
            batch.copyParameters(thetaBatch);
            assertArrayEquals(thetaBatch, theta, "parameters after event " + t);
            assertEquals(batch.state(), event.state(), "state after event " + t);
            if (t == 20) {
                // Replacing θ right after an event: the pending update of the old W_1 must not reach the new one.
                event.learn(x, y, null);
                batch.learnBatch(1, x, y, null);
                batch.copyParameters(thetaBatch);
                event.setParameters(thetaBatch);
                event.copyParameters(theta);
                assertArrayEquals(thetaBatch, theta, "parameters after setParameters");
            }
        }
    }

    /**
     * Hostile events between normal ones, with W_1's update pending from the event before: a NaN feature, a feature so
     * large that the step overflows or takes the exact near-overflow path, a bad target, and predictions. A refused
     * event must neither lose nor apply twice the pending update: after each, the per-event model has the bits of the
     * batch-of-one reference (which never defers) fed the same events.
     */
    @ParameterizedTest
    @EnumSource(value = KernelMode.class, names = {"JAVA"})
    void refusedEventsKeepThePendingUpdateOnce(KernelMode mode) {
        Kernels k = KernelFactory.forMode(mode);
        Model event = Model.create(SPEC, k);
        Model batch = Model.create(SPEC, k);
        SplittableRandom rnd = new SplittableRandom(11);
        double[] y = new double[5];
        double[] theta = new double[event.parameterCount()];
        double[] thetaBatch = new double[batch.parameterCount()];
        double[] out = new double[5];
        double[] outBatch = new double[5];
        double[][] hostile = {{Double.NaN}, {Double.POSITIVE_INFINITY}, {1e150}, {1e300}, {-1e200}};
        int refused = 0;
        for (int t = 1; t <= 40; t++) {
            double[] x = new double[13];
            for (int i = 0; i < x.length; i++) {
                x[i] = 3 * rnd.nextDouble() - 1;
            }
            Arrays.fill(y, 0);
            y[rnd.nextInt(5)] = 1;
            if (t % 4 == 0) {
                x[t % 13] = hostile[(t / 4) % hostile.length][0];
            }
            double[] target = t % 9 == 0 ? new double[] {0.5, 0.5, Double.NaN, 0, 0} : y;
            RuntimeException e1 = learn(() -> event.learn(x, target, null));
            RuntimeException e2 = learn(() -> batch.learnBatch(1, x, target, null));
            assertEquals(e2 == null, e1 == null, "event " + t + " refused by one model only: " + e1 + " / " + e2);
            refused += e1 == null ? 0 : 1;
            event.copyParameters(theta);
            batch.copyParameters(thetaBatch);
            assertArrayEquals(thetaBatch, theta, "parameters after event " + t + (e1 == null ? "" : " (refused)"));
            if (t % 5 == 0) {
                double[] probe = new double[13];
                Arrays.fill(probe, 0.25);
                event.predict(probe, out);
                batch.predict(probe, outBatch);
                assertArrayEquals(outBatch, out, "prediction after event " + t);
            }
        }
        assertTrue(refused >= 5, "the hostile events were refused: " + refused);
        assertEquals(batch.state(), event.state());
    }

    private static RuntimeException learn(Runnable step) {
        try {
            step.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
