package dev.streamgrad.model;

import static dev.streamgrad.model.Approx.rel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.scale.Scaler;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Welford's running mean/variance against the two-pass formulas, and the prequential order in Model. */
class ScalerTest {

    @Test
    void welfordMatchesTwoPass() {
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 10_000;
        int d = 3;
        double[][] x = new double[n][d];
        Scaler s = new Scaler(d, 1e-8);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = 1e6 + (j + 1) * rnd.nextDouble() * 10; // a large offset: where naive Σx² − n·mean² fails
            }
            s.update(x[i], 0);
        }
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i][j];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                var += (x[i][j] - mean) * (x[i][j] - mean);
            }
            var /= n;
            rel(mean, s.mean()[j], 1e-12, "mean[" + j + "]");
            rel(var, s.variance()[j], 1e-8, "variance[" + j + "]");
        }
        double[] out = new double[d];
        s.transform(x[0], 0, out, 0);
        rel((x[0][0] - s.mean()[0]) / Math.sqrt(s.variance()[0] + 1e-8), out[0], 1e-12, "standardised x");
    }

    @Test
    void modelPredictsWithTheStateBeforeTheEventThenLearnsIt() {
        NetworkSpec spec = NetworkSpec.builder().layers("2,1:identity").scaling(true).build();
        Model m = Model.create(spec, new JavaKernels());
        double[] x1 = {3, 4};
        GradientTrace t1 = m.trace(x1, new double[] {0});
        assertArrayEquals(new double[] {3 / Math.sqrt(1 + 1e-8), 4 / Math.sqrt(1 + 1e-8)}, t1.input(),
                "first event: no statistics yet, variance taken as 1, mean 0");
        m.learn(x1, new double[] {0});
        GradientTrace t2 = m.trace(new double[] {5, 4}, new double[] {0});
        assertArrayEquals(new double[] {2 / Math.sqrt(1 + 1e-8), 0}, t2.input(), "second: centred on the first");
        m.learn(new double[] {5, 4}, new double[] {0});
        assertEquals(2, m.state().scalerCount());
        assertArrayEquals(new double[] {4, 4}, m.state().scalerMean());
        assertArrayEquals(new double[] {2, 0}, m.state().scalerM2());
    }
}
