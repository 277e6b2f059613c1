package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParameterMixingTest {

    @Test
    void weightsEachReplicaByItsEvents() {
        double[] avg = ParameterMixing.weightedAverage(new double[][] {{0, 4}, {3, 8}}, new long[] {1, 3});
        assertArrayEquals(new double[] {(0 * 1 + 3 * 3) / 4.0, (4 * 1 + 8 * 3) / 4.0}, avg, 0);
    }

    @Test
    void sumsInReplicaOrderWhateverTheArrivalOrder() {
        // Values whose sum depends on the order in doubles: the result must be the replica-order sum, bit for bit.
        double[][] thetas = {{1e16}, {1.0}, {-1e16}, {1.0}};
        long[] weights = {1, 1, 1, 1};
        double expected = (((1e16 + 1.0) + -1e16) + 1.0) / 4;
        assertEquals(Double.doubleToRawLongBits(expected),
                Double.doubleToRawLongBits(ParameterMixing.weightedAverage(thetas, weights)[0]));
        // Another order of the same sum gives other bits, so the test would see a sum in arrival order.
        double otherOrder = (((1e16 + -1e16) + 1.0) + 1.0) / 4;
        org.junit.jupiter.api.Assertions.assertNotEquals(expected, otherOrder);
    }

    @Test
    void averageOfIdenticalReplicasIsTheReplica() {
        double[] theta = new SplittableRandom(3).doubles(50, -1, 1).toArray();
        double[] avg = ParameterMixing.weightedAverage(new double[][] {theta, theta, theta}, new long[] {7, 7, 7});
        assertArrayEquals(theta, avg, 1e-15);
    }

    @Test
    void rebaseKeepsTheProgressSincePublishing() {
        // θ̄ + (θ_now − θ_pub), in that order: 0.1 + (0.3 − 0.2) differs from (0.1 + 0.3) − 0.2 in doubles.
        double[] out = ParameterMixing.rebase(new double[] {0.1, 2}, new double[] {0.3, 5}, new double[] {0.2, 4});
        assertEquals(0.1 + (0.3 - 0.2), out[0], 0);
        assertTrue(out[0] != (0.1 + 0.3) - 0.2, "the order of operations is the documented one");
        assertEquals(3, out[1], 0);
        assertThrows(IllegalArgumentException.class, () -> ParameterMixing.rebase(new double[2], new double[2],
                new double[1]));
        assertThrows(IllegalArgumentException.class, () -> ParameterMixing.rebase(new double[] {Double.MAX_VALUE},
                new double[] {Double.MAX_VALUE}, new double[] {0}));
    }

    @Test
    void refusesBadInput() {
        assertThrows(IllegalArgumentException.class,
                () -> ParameterMixing.weightedAverage(new double[][] {{1}, {1, 2}}, new long[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> ParameterMixing.weightedAverage(new double[][] {{1}, {2}}, new long[] {1, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> ParameterMixing.weightedAverage(new double[][] {{1}}, new long[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> ParameterMixing.weightedAverage(new double[][] {{Double.MAX_VALUE}, {Double.MAX_VALUE}},
                        new long[] {1, 1}));
    }

    @Test
    void modelParametersRoundTripAndChangeOnlyTheta() {
        Model m = Model.create(NetworkSpec.builder().layers("3,4:tanh,2:identity").build());
        double[] theta = new double[m.parameterCount()];
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, theta.length);
        m.copyParameters(theta);
        double[] x = {0.1, -0.2, 0.3};
        double[] before = m.predict(x);
        double[] shifted = theta.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.5;
        }
        m.setParameters(shifted);
        double[] back = new double[theta.length];
        m.copyParameters(back);
        assertArrayEquals(shifted, back, 0);
        m.setParameters(theta);
        assertArrayEquals(before, m.predict(x), 0);
        double[] nan = theta.clone();
        nan[5] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> m.setParameters(nan));
        assertThrows(IllegalArgumentException.class, () -> m.setParameters(new double[theta.length - 1]));
        assertArrayEquals(before, m.predict(x), 0);   // a refused set changed nothing
    }
}
