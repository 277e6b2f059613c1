package dev.streamgrad.onnx.internal;

import dev.streamgrad.model.activation.Activation;
import dev.streamgrad.model.activation.LeakyRelu;
import java.util.List;

/**
 * The ONNX nodes of each activation S of MATH.md, a = S(z), for one layer.
 *
 * <p>Where ONNX has the op it is used: Sigmoid, Tanh, Relu, Abs, Softmax (axis −1: per row, as the model's), and
 * in float32 LeakyRelu and Softplus. ONNX Runtime's CPU provider implements LeakyRelu and Softplus for
 * tensor(float) only, so in float64 they are composed of ops it has in double, with the model's formulas:
 * <ul>
 *   <li>leaky_relu(α): Relu(z) + α·Min(z, 0), which gives z for z &gt; 0 and α·z otherwise, exactly as the model's
 *       {@code z > 0 ? z : α·z} (each branch adds an exact zero);</li>
 *   <li>softplus: Relu(z) + Log(1 + Exp(−|z|)), MATH.md's stable form max(z,0) + ln(1+e^{−|z|}): Exp is only taken
 *       of values ≤ 0, so it never overflows. The model computes the last term with log1p; ONNX has no Log1p, so
 *       for z ≪ 0 (outputs near 0) the result differs from the model's by up to about 1e-16 absolute (one ulp of 1),
 *       like ONNX Runtime's own double Sigmoid for z ≪ 0.</li>
 * </ul>
 * Identity adds no node.
 */
public final class ActivationNodes {
    private ActivationNodes() {
    }

    /** @return true if {@code act} adds no node (the layer's output is z itself) */
    public static boolean isIdentity(Activation act) {
        return act.name().equals("identity");
    }

    /**
     * Appends the nodes computing {@code out} = S(z).
     *
     * @param g the graph, modified
     * @param act S; not identity (see {@link #isIdentity})
     * @param z the name of the pre-activations, [batch, n]
     * @param out the name of the activations to define
     * @param prefix a prefix making the names of intermediate values and constants unique in the graph
     * @throws IllegalArgumentException for an activation this exporter does not know
     */
    public static void append(GraphBuilder g, Activation act, String z, String out, String prefix) {
        boolean dbl = g.dataType() == OnnxProtos.DOUBLE;
        switch (act.name()) {
            case "sigmoid" -> g.op("Sigmoid", List.of(z), out);
            case "tanh" -> g.op("Tanh", List.of(z), out);
            case "relu" -> g.op("Relu", List.of(z), out);
            case "abs" -> g.op("Abs", List.of(z), out);
            case "softmax" -> g.op("Softmax", List.of(z), out, OnnxProtos.intAttribute("axis", -1));
            case "leaky_relu" -> {
                double alpha = ((LeakyRelu) act).alpha();
                if (dbl) {
                    String pos = g.op("Relu", List.of(z), prefix + "relu");
                    String zero = g.scalar(prefix + "zero", 0.0);
                    String neg = g.op("Min", List.of(z, zero), prefix + "min0");
                    String a = g.scalar(prefix + "alpha", alpha);
                    String scaled = g.op("Mul", List.of(neg, a), prefix + "alpha_min0");
                    g.op("Add", List.of(pos, scaled), out);
                } else {
                    g.op("LeakyRelu", List.of(z), out, OnnxProtos.floatAttribute("alpha", (float) alpha));
                }
            }
            case "softplus" -> {
                if (dbl) {
                    String pos = g.op("Relu", List.of(z), prefix + "relu");
                    String abs = g.op("Abs", List.of(z), prefix + "abs");
                    String negAbs = g.op("Neg", List.of(abs), prefix + "neg_abs");
                    String exp = g.op("Exp", List.of(negAbs), prefix + "exp");
                    String one = g.scalar(prefix + "one", 1.0);
                    String onePlus = g.op("Add", List.of(exp, one), prefix + "one_plus_exp");
                    String log = g.op("Log", List.of(onePlus), prefix + "log");
                    g.op("Add", List.of(pos, log), out);
                } else {
                    g.op("Softplus", List.of(z), out);
                }
            }
            default -> throw new IllegalArgumentException("no ONNX form for activation " + act);
        }
    }
}
