package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.state.ModelState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central-difference gradient check (as DL4J's GradientCheckUtil: double precision, optimiser bypassed, relative
 * error with an absolute floor) of ∂C/∂W_l and ∂C/∂b_l for every layer, over every activation × loss pairing the
 * spec allows, on random 3-layer nets. Parameters whose ±h evaluations straddle a relu/abs/absolute-error kink are skipped.
 */
class GradientCheckTest {
    static final double H = 1e-6;
    static final double REL = 1e-6;
    static final double ABS_FLOOR = 1e-8;
    static final List<String> ELEMENTWISE = List.of("identity", "sigmoid", "tanh", "relu", "leaky_relu(0.1)", "abs",
            "softplus");

    static Stream<Arguments> pairings() {
        List<Arguments> cases = new ArrayList<>();
        int i = 0;
        for (String hidden : ELEMENTWISE) {
            for (String out : ELEMENTWISE) {
                for (String loss : List.of("squared_error", "absolute_error", "huber(0.5)")) {
                    cases.add(Arguments.of(hidden, out, loss, (i++ % 2) * 0.05));
                }
            }
            cases.add(Arguments.of(hidden, "sigmoid", "binary_cross_entropy", (i++ % 2) * 0.05));
            cases.add(Arguments.of(hidden, "softmax", "cross_entropy", (i++ % 2) * 0.05));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}, l2={3}")
    @MethodSource("pairings")
    void analyticGradientMatchesCentralDifference(String hidden, String out, String loss, double l2) {
        int k = out.equals("softmax") ? 3 : 2;
        NetworkSpec spec = NetworkSpec.builder().inputSize(3).layer(4, hidden).layer(3, hidden).layer(k, out)
                .loss(loss).l2(l2).build();
        SplittableRandom rnd = new SplittableRandom((hidden + out + loss).hashCode());
        double[][] w = new double[3][];
        double[][] b = new double[3][];
        for (int l = 1; l <= 3; l++) {
            w[l - 1] = uniform(rnd, spec.size(l) * spec.size(l - 1), 1.0);
            b[l - 1] = uniform(rnd, spec.size(l), 0.5);
        }
        double[] x = uniform(rnd, 3, 1.0);
        double[] y = new double[k];
        if (loss.equals("cross_entropy")) {
            double[] p = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
            double s = p[0] + p[1] + p[2];
            for (int j = 0; j < k; j++) {
                y[j] = p[j] / s;
            }
        } else if (loss.equals("binary_cross_entropy")) {
            y = new double[] {rnd.nextDouble(), 1.0};
        } else {
            y = uniform(rnd, k, 1.0);
        }
        GradientTrace t = Model.fromState(ModelState.ofWeights(spec, w, b), new JavaKernels()).trace(x, y);
        int checked = 0;
        for (int l = 1; l <= 3; l++) {
            for (int bias = 0; bias <= 1; bias++) {
                double[] p = bias == 0 ? w[l - 1] : b[l - 1];
                double[] analytic = bias == 0 ? t.weightGradients().get(l - 1) : t.biasGradients().get(l - 1);
                for (int i = 0; i < p.length; i++) {
                    double old = p[i];
                    p[i] = old + H;
                    GradientTrace plus = Model.fromState(ModelState.ofWeights(spec, w, b), new JavaKernels()).trace(x, y);
                    p[i] = old - H;
                    GradientTrace minus = Model.fromState(ModelState.ofWeights(spec, w, b), new JavaKernels()).trace(x, y);
                    p[i] = old;
                    if (crossesKink(plus, minus, y)) {
                        continue;
                    }
                    double numeric = (plus.cost() - minus.cost()) / (2 * H);
                    double err = Math.abs(numeric - analytic[i]);
                    double rel = err / Math.max(Math.abs(numeric), Math.abs(analytic[i]));
                    if (err > ABS_FLOOR && rel > REL) {
                        fail((bias == 0 ? "W_" : "b_") + l + "[" + i + "]: analytic " + analytic[i] + ", numeric "
                                + numeric + ", rel err " + rel);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= 20, "too few parameters checked: " + checked);
    }

    /** True if some z changes sign, or some residual ŷ − y does, between the two evaluations. */
    private static boolean crossesKink(GradientTrace p, GradientTrace m, double[] y) {
        for (int l = 0; l < p.z().size(); l++) {
            for (int i = 0; i < p.z().get(l).length; i++) {
                if (Math.signum(p.z().get(l)[i]) != Math.signum(m.z().get(l)[i])) {
                    return true;
                }
            }
        }
        double[] ap = p.a().get(p.a().size() - 1);
        double[] am = m.a().get(m.a().size() - 1);
        for (int i = 0; i < y.length; i++) {
            if (Math.signum(ap[i] - y[i]) != Math.signum(am[i] - y[i])) {
                return true;
            }
        }
        return false;
    }

    static double[] uniform(SplittableRandom rnd, int n, double r) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2 * rnd.nextDouble() - 1) * r;
        }
        return v;
    }

}
