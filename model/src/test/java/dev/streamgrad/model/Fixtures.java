package dev.streamgrad.model;

import dev.streamgrad.model.optim.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Specs and random data shared by the contract tests. */
final class Fixtures {
    private Fixtures() {
    }

    static List<OptimizerSpec> optimizers() {
        return List.of(OptimizerSpec.sgd(0.05), OptimizerSpec.momentum(0.01, 0.9, false),
                OptimizerSpec.momentum(0.01, 0.9, true), OptimizerSpec.adagrad(0.05, 1e-8),
                OptimizerSpec.rmsprop(0.01, 0.9, 1e-8), OptimizerSpec.adam(0.01, 0.9, 0.999, 1e-8),
                OptimizerSpec.sgd(0.05).withLrPower(0.5));
    }

    /** Each optimiser with each loss family, L2, scaling and (for some) clipping on. */
    static List<NetworkSpec> specs() {
        List<NetworkSpec> specs = new ArrayList<>();
        String[][] heads = {{"2:identity", "squared_error"}, {"2:tanh", "huber"}, {"1:sigmoid", "binary_cross_entropy"},
                {"3:softmax", "cross_entropy"}, {"2:identity", "absolute_error"}};
        int i = 0;
        for (OptimizerSpec opt : optimizers()) {
            for (String[] head : heads) {
                specs.add(NetworkSpec.builder().layers("4,6:tanh,5:relu," + head[0]).loss(head[1]).optimizer(opt)
                        .l2(0.001).scaling(i % 2 == 0).clipNorm(i % 3 == 0 ? 1.0 : 0).seed(i).build());
                i++;
            }
        }
        return specs;
    }

    /** m random events for spec: xs (m×d), ys (m×k) valid for its loss. */
    static double[][] data(NetworkSpec spec, int m, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = spec.inputSize();
        int k = spec.outputSize();
        double[] xs = new double[m * d];
        double[] ys = new double[m * k];
        for (int i = 0; i < m * d; i++) {
            xs[i] = 3 * rnd.nextDouble() - 1;
        }
        String loss = spec.loss().name();
        for (int r = 0; r < m; r++) {
            if (loss.equals("cross_entropy")) {
                ys[r * k + rnd.nextInt(k)] = 1;
            } else {
                for (int j = 0; j < k; j++) {
                    ys[r * k + j] = loss.equals("binary_cross_entropy") ? rnd.nextInt(2) : 2 * rnd.nextDouble() - 1;
                }
            }
        }
        return new double[][] {xs, ys};
    }

    static double[] row(double[] flat, int r, int cols) {
        double[] v = new double[cols];
        System.arraycopy(flat, r * cols, v, 0, cols);
        return v;
    }
}
