package dev.streamgrad.onnx.internal;

import dev.streamgrad.model.LayerSpec;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.scale.Scaler;
import dev.streamgrad.model.state.ModelState;
import java.util.List;

/**
 * Builds the graph of a model's forward pass (MATH.md), with the state's parameters as initializers:
 *
 * <pre>
 *   x [N, d]
 *   (scaling on)  x' = (x − mean) / s          Sub, Div; s_j = √(var_j + ε), var as {@link Scaler#variance()}
 *   for l = 1..L: z_l = Gemm(a_{l−1}, W_l, b_l, transB = 1)    = a_{l−1} W_lᵀ + b_l, W_l stored [n_l, n_{l−1}]
 *                 a_l = S_l(z_l)                                ({@link ActivationNodes})
 *   y = a_L [N, k]
 * </pre>
 *
 * The divisor s is computed here exactly as the model computes it per event ({@code Math.sqrt(var + ε)}), and
 * IEEE subtraction and division are correctly rounded, so the scaled input is the model's bit for bit.
 */
public final class NetworkGraph {
    /** The graph input's name. */
    public static final String INPUT = "x";
    /** The graph output's name. */
    public static final String OUTPUT = "y";
    /** The symbolic batch dimension of the input and the output. */
    public static final String BATCH = "N";

    private NetworkGraph() {
    }

    /**
     * Appends the forward pass of {@code state} to {@code g}.
     *
     * @param g an empty graph; modified
     * @param state not modified; its arrays are referenced by the initializers until the model is written
     */
    public static void build(GraphBuilder g, ModelState state) {
        NetworkSpec spec = state.spec();
        String a = g.input(INPUT);
        int d = spec.inputSize();
        if (spec.scaling()) {
            Scaler scaler = new Scaler(d, spec.scalingEpsilon(), state.scalerCount(), state.scalerMean(),
                    state.scalerM2());
            double[] var = scaler.variance();
            double[] divisor = new double[d];
            for (int j = 0; j < d; j++) {
                divisor[j] = Math.sqrt(var[j] + scaler.epsilon());
            }
            String mean = g.constant("scaler_mean", new long[] {d}, scaler.mean());
            String sd = g.constant("scaler_divisor", new long[] {d}, divisor);
            String centred = g.op("Sub", List.of(a, mean), "x_centred");
            a = g.op("Div", List.of(centred, sd), "x_scaled");
        }
        int depth = spec.depth();
        for (int l = 1; l <= depth; l++) {
            LayerSpec layer = spec.layers().get(l - 1);
            String w = g.constant("W" + l, new long[] {spec.size(l), spec.size(l - 1)}, state.weights(l));
            String b = g.constant("b" + l, new long[] {spec.size(l)}, state.bias(l));
            String out = l == depth ? OUTPUT : "a" + l;
            boolean identity = ActivationNodes.isIdentity(layer.activation());
            String z = g.op("Gemm", List.of(a, w, b), identity ? out : "z" + l,
                    OnnxProtos.intAttribute("transB", 1));
            if (!identity) {
                ActivationNodes.append(g, layer.activation(), z, out, "l" + l + "_");
            }
            a = out;
        }
    }
}
