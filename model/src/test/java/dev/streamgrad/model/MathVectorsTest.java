package dev.streamgrad.model;

import static dev.streamgrad.model.Approx.flat;
import static dev.streamgrad.model.Approx.rel;

import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.Kernels;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** MATH.md's exact test vectors A and B: every listed intermediate value, to 1e-12 relative. */
class MathVectorsTest {
    static final double TOL = 1e-12;

    static List<Kernels> kernels() {
        return List.of(new JavaKernels(), KernelFactory.auto());
    }

    static Model vectorA(String loss, Kernels k) {
        NetworkSpec spec = NetworkSpec.builder().layers("2,2:sigmoid,2:sigmoid").loss(loss)
                .optimizer(OptimizerSpec.sgd(0.5)).build();
        double[][] w = {flat(new double[][] {{0.25, 0.30}, {0.15, 0.20}}), flat(new double[][] {{0.45, 0.40}, {0.50, 0.55}})};
        double[][] b = {{0.35, 0.35}, {0.60, 0.60}};
        return Model.fromState(ModelState.ofWeights(spec, w, b), k);
    }

    static final double[] XA = {0.05, 0.10};
    static final double[] YA = {0.01, 0.99};

    @ParameterizedTest
    @MethodSource("kernels")
    void vectorASquaredError(Kernels k) {
        Model m = vectorA("squared_error", k);
        GradientTrace t = m.trace(XA, YA);
        rel(new double[] {0.3925, 0.3775}, t.z().get(0), TOL, "z1");
        rel(new double[] {0.596884378259767, 0.5932699921071872}, t.a().get(0), TOL, "a1");
        rel(new double[] {1.10590596705977, 1.2247406847888365}, t.z().get(1), TOL, "z2");
        rel(new double[] {0.7513650695523157, 0.772896745701801}, t.a().get(1), TOL, "yhat");
        rel(0.5967559893791784, 2 * t.loss(), TOL, "‖ŷ − y‖²");
        rel(new double[] {0.13849856162855695, -0.03810756241723473}, t.delta().get(1), TOL, "δ2");
        rel(new double[] {0.010411480080772485, 0.008310460425603891}, t.delta().get(0), TOL, "δ1");
        rel(flat(new double[][] {{0.08266762784753325, 0.08216704056423077},
                {-0.022745808700406416, -0.022608073254496992}}), t.weightGradients().get(1), TOL, "∂C/∂W2");
        rel(flat(new double[][] {{0.0005205740040386242, 0.0010411480080772485},
                {0.00041552302128019457, 0.0008310460425603891}}), t.weightGradients().get(0), TOL, "∂C/∂W1");
        rel(t.delta().get(1), t.biasGradients().get(1), 0, "∂C/∂b2 = δ2");

        double[] pred = new double[2];
        double c = m.learn(XA, YA, pred);
        rel(0.5967559893791784 / 2, c, TOL, "loss returned by learn");
        rel(new double[] {0.7513650695523157, 0.772896745701801}, pred, TOL, "pre-update prediction");
        ModelState s = m.state();
        rel(flat(new double[][] {{0.4086661860762334, 0.35891647971788465}, {0.5113729043502032, 0.5613040366272486}}),
                s.weights(2), TOL, "W2 after one sgd step");
        rel(flat(new double[][] {{0.2497397129979807, 0.2994794259959614}, {0.1497922384893599, 0.1995844769787198}}),
                s.weights(1), TOL, "W1 after one sgd step");
        rel(new double[] {0.60 - 0.5 * 0.13849856162855695, 0.60 + 0.5 * 0.03810756241723473}, s.bias(2), TOL, "b2");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void vectorABinaryCrossEntropy(Kernels k) {
        GradientTrace t = vectorA("binary_cross_entropy", k).trace(XA, YA);
        rel(new double[] {0.7413650695523157, -0.217103254298199}, t.delta().get(1), TOL, "δ2");
        rel(new double[] {0.054153094310076366, 0.042743823634965775}, t.delta().get(0), TOL, "δ1");
        rel(flat(new double[][] {{0.44250922860324293, 0.4398296489618467},
                {-0.1295855409599526, -0.12880084596393718}}), t.weightGradients().get(1), TOL, "∂C/∂W2");
        rel(flat(new double[][] {{0.0027076547155038184, 0.005415309431007637},
                {0.002137191181748289, 0.004274382363496578}}), t.weightGradients().get(0), TOL, "∂C/∂W1");
        // The loss from the logits equals the textbook −[y ln ŷ + (1−y) ln(1−ŷ)] where the latter is accurate.
        double expected = 0;
        double[] yhat = t.a().get(1);
        for (int i = 0; i < 2; i++) {
            expected -= YA[i] * Math.log(yhat[i]) + (1 - YA[i]) * Math.log(1 - yhat[i]);
        }
        rel(expected, t.loss(), 1e-12, "BCE loss");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void vectorB(Kernels k) {
        NetworkSpec spec = NetworkSpec.builder().layers("1,2:sigmoid,1:sigmoid").build();
        Model m = Model.fromState(ModelState.ofWeights(spec, new double[][] {{0.3, 0.4}, {1, -3}},
                new double[][] {{0.1, 0.2}, {0.2}}), k);
        GradientTrace t = m.trace(new double[] {1}, new double[] {1});
        rel(new double[] {0.4, 0.6}, t.z().get(0), TOL, "z1");
        rel(new double[] {0.598687660112452, 0.6456563062257954}, t.a().get(0), TOL, "a1");
        rel(new double[] {-1.1382812585649342}, t.z().get(1), TOL, "z2");
        rel(new double[] {0.24263606373471072}, t.a().get(1), TOL, "yhat");
        rel(0.2868000659776266, t.loss(), TOL, "C");
        rel(new double[] {-0.1391760781753333}, t.delta().get(1), TOL, "δ2");
        rel(new double[] {-0.033438548331786944, 0.09552388000524}, t.delta().get(0), TOL, "δ1");
        rel(new double[] {-0.083323000586418, -0.08985991254967825}, t.weightGradients().get(1), TOL, "∂C/∂W2");
        rel(new double[] {-0.033438548331786944, 0.09552388000524}, t.weightGradients().get(0), TOL, "∂C/∂W1");
    }
}
