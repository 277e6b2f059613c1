package dev.streamgrad.model;

import static dev.streamgrad.model.Approx.rel;

import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import org.junit.jupiter.api.Test;

/**
 * The first three steps of every optimiser on a 1-1 identity network with squared error, where
 * C = ½(wx + b − y)², ∂C/∂w = r·x and ∂C/∂b = r (r = wx + b − y). Expected values follow MATH.md's table,
 * written out here independently of the implementation.
 */
class OptimizerStepsTest {
    static final double X = 2.0;
    static final double Y = 1.0;
    static final double ETA = 0.1;
    static final double TOL = 1e-14;

    static Model model(OptimizerSpec opt, double l2) {
        NetworkSpec spec = NetworkSpec.builder().layers("1,1:identity").optimizer(opt).l2(l2).build();
        return Model.fromState(ModelState.ofWeights(spec, new double[][] {{0.5}}, new double[][] {{0.1}}), new JavaKernels());
    }

    /** Runs three learn steps and compares (w, b) after each with {@code expected[step]}. */
    static void check(Model m, double[][] expected) {
        for (int s = 0; s < expected.length; s++) {
            m.learn(new double[] {X}, new double[] {Y});
            ModelState st = m.state();
            rel(expected[s][0], st.weights(1)[0], TOL, "w after step " + (s + 1));
            rel(expected[s][1], st.bias(1)[0], TOL, "b after step " + (s + 1));
        }
    }

    @Test
    void sgd() {
        double w = 0.5;
        double b = 0.1;
        double[][] e = new double[3][];
        for (int s = 0; s < 3; s++) {
            double r = w * X + b - Y;
            w -= ETA * r * X;
            b -= ETA * r;
            e[s] = new double[] {w, b};
        }
        check(model(OptimizerSpec.sgd(ETA), 0), e);
    }

    @Test
    void sgdWithL2() {
        double lambda = 0.3;
        double w = 0.5;
        double b = 0.1;
        double[][] e = new double[3][];
        for (int s = 0; s < 3; s++) {
            double r = w * X + b - Y;
            w -= ETA * (r * X + lambda * w);
            b -= ETA * r; // no decay on biases
            e[s] = new double[] {w, b};
        }
        check(model(OptimizerSpec.sgd(ETA), lambda), e);
    }

    @Test
    void momentumAndNesterov() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double mu = 0.9;
            double w = 0.5;
            double b = 0.1;
            double vw = 0;
            double vb = 0;
            double[][] e = new double[3][];
            for (int s = 0; s < 3; s++) {
                double r = w * X + b - Y;
                double gw = r * X;
                double gb = r;
                vw = mu * vw - ETA * gw;
                vb = mu * vb - ETA * gb;
                if (nesterov) {
                    w = w + mu * vw - ETA * gw;
                    b = b + mu * vb - ETA * gb;
                } else {
                    w += vw;
                    b += vb;
                }
                e[s] = new double[] {w, b};
            }
            check(model(OptimizerSpec.momentum(ETA, mu, nesterov), 0), e);
        }
    }

    @Test
    void adagrad() {
        double eps = 1e-8;
        double w = 0.5;
        double b = 0.1;
        double sw = 0;
        double sb = 0;
        double[][] e = new double[3][];
        for (int s = 0; s < 3; s++) {
            double r = w * X + b - Y;
            sw += r * X * r * X;
            sb += r * r;
            w -= ETA * r * X / (Math.sqrt(sw) + eps);
            b -= ETA * r / (Math.sqrt(sb) + eps);
            e[s] = new double[] {w, b};
        }
        check(model(OptimizerSpec.adagrad(ETA, eps), 0), e);
    }

    @Test
    void rmsprop() {
        double rho = 0.9;
        double eps = 1e-8;
        double w = 0.5;
        double b = 0.1;
        double sw = 0;
        double sb = 0;
        double[][] e = new double[3][];
        for (int s = 0; s < 3; s++) {
            double r = w * X + b - Y;
            sw = rho * sw + (1 - rho) * (r * X) * (r * X);
            sb = rho * sb + (1 - rho) * r * r;
            w -= ETA * r * X / (Math.sqrt(sw) + eps);
            b -= ETA * r / (Math.sqrt(sb) + eps);
            e[s] = new double[] {w, b};
        }
        check(model(OptimizerSpec.rmsprop(ETA, rho, eps), 0), e);
    }

    @Test
    void adam() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double w = 0.5;
        double b = 0.1;
        double mw = 0;
        double vw = 0;
        double mb = 0;
        double vb = 0;
        double[][] e = new double[3][];
        for (int t = 1; t <= 3; t++) {
            double r = w * X + b - Y;
            double gw = r * X;
            double gb = r;
            mw = b1 * mw + (1 - b1) * gw;
            vw = b2 * vw + (1 - b2) * gw * gw;
            mb = b1 * mb + (1 - b1) * gb;
            vb = b2 * vb + (1 - b2) * gb * gb;
            w -= ETA * (mw / (1 - Math.pow(b1, t))) / (Math.sqrt(vw / (1 - Math.pow(b2, t))) + eps);
            b -= ETA * (mb / (1 - Math.pow(b1, t))) / (Math.sqrt(vb / (1 - Math.pow(b2, t))) + eps);
            e[t - 1] = new double[] {w, b};
        }
        check(model(OptimizerSpec.adam(ETA, b1, b2, eps), 0), e);
    }

    @Test
    void inverseScalingLearningRate() {
        double power = 0.5;
        double w = 0.5;
        double b = 0.1;
        double[][] e = new double[3][];
        for (int t = 1; t <= 3; t++) {
            double eta = ETA / Math.pow(t, power);
            double r = w * X + b - Y;
            w -= eta * r * X;
            b -= eta * r;
            e[t - 1] = new double[] {w, b};
        }
        Model m = model(OptimizerSpec.sgd(ETA).withLrPower(power), 0);
        rel(ETA, m.nextLearningRate(), 0, "η_1");
        check(m, e);
        rel(ETA / 2, m.nextLearningRate(), 1e-15, "η_4 = η0/√4");
    }

    @Test
    void gradientClipping() {
        // r = 0.1 at the start: gradient (r·x, r) = (0.2, 0.1), norm √0.05 ≈ 0.2236; clip to 0.1.
        double clip = 0.1;
        NetworkSpec spec = NetworkSpec.builder().layers("1,1:identity").optimizer(OptimizerSpec.sgd(ETA))
                .clipNorm(clip).build();
        Model m = Model.fromState(ModelState.ofWeights(spec, new double[][] {{0.5}}, new double[][] {{0.1}}),
                new JavaKernels());
        double w = 0.5;
        double b = 0.1;
        for (int s = 0; s < 3; s++) {
            double r = w * X + b - Y;
            double gw = r * X;
            double gb = r;
            double norm = Math.sqrt(gw * gw + gb * gb);
            if (norm > clip) {
                gw *= clip / norm;
                gb *= clip / norm;
            }
            w -= ETA * gw;
            b -= ETA * gb;
            m.learn(new double[] {X}, new double[] {Y});
            rel(w, m.state().weights(1)[0], TOL, "clipped w, step " + (s + 1));
            rel(b, m.state().bias(1)[0], TOL, "clipped b, step " + (s + 1));
        }
        // Large gradient: the step's norm is exactly η·clip.
        Model big = Model.fromState(ModelState.ofWeights(spec, new double[][] {{5}}, new double[][] {{0}}),
                new JavaKernels());
        big.learn(new double[] {X}, new double[] {Y});
        double dw = big.state().weights(1)[0] - 5;
        double db = big.state().bias(1)[0];
        rel(ETA * clip, Math.sqrt(dw * dw + db * db), 1e-12, "clipped step norm (w − 5 loses digits)");
    }
}
