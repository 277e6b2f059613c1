package dev.streamgrad.model.activation;

import dev.streamgrad.model.kernel.Kernels;

/**
 * An activation S applied to a layer's pre-activations z to give its activations a = S(z).
 *
 * <p>Arrays hold one row (one example) or several rows back to back (a mini-batch, row-major rows×cols).
 * Element-wise activations ignore the row structure; {@link Softmax} works per row.
 */
public interface Activation {

    /** @return the name used in specs and JSON, e.g. {@code "leaky_relu"} */
    String name();

    /** @return the canonical text form, parsed back by {@link #parse(String)}, e.g. {@code "leaky_relu(0.01)"} */
    @Override
    String toString();

    /** @return true if S acts on each element alone (every activation except softmax) */
    default boolean elementwise() {
        return true;
    }

    /** @return an upper bound of |S'(z)| over all z (used to bound δ before a fused update) */
    double maxDerivative();

    /**
     * a ← S(z) for {@code rows} rows of {@code cols} elements.
     *
     * @param z rows×cols, not modified
     * @param a rows×cols, modified (may not be z)
     */
    void apply(double[] z, double[] a, int rows, int cols);

    /**
     * delta ← delta ⊙ S'(z) on elements [off, off+count): the element-wise step of backprop.
     *
     * @param z pre-activations, not modified
     * @param a activations S(z) (some derivatives are cheaper from a), not modified
     * @param delta modified in [off, off+count)
     * @throws UnsupportedOperationException for softmax (its Jacobian is only used fused with cross-entropy)
     */
    void multiplyDerivative(double[] z, double[] a, double[] delta, int off, int count);

    /**
     * a ← S(z) for one row of n elements, through the kernels' element-wise maps where S has one (same bits as
     * {@link #apply}), with the finiteness check of the forward pass.
     *
     * @param z length n, not modified
     * @param a length n, modified (may not be z)
     * @return an upper bound of max|a_i| that is NaN or ±Inf if and only if some z_i or a_i is not finite
     */
    default double apply(Kernels k, double[] z, double[] a, int n) {
        apply(z, a, 1, n);
        double zMax = k.maxAbs(n, z);
        return Double.isFinite(zMax) ? k.maxAbs(n, a) : zMax;
    }

    /**
     * delta ← delta ⊙ S'(z) on [0, n), through the kernels' element-wise maps where S has one (same bits as
     * {@link #multiplyDerivative(double[], double[], double[], int, int)}).
     */
    default void multiplyDerivative(Kernels k, double[] z, double[] a, double[] delta, int n) {
        multiplyDerivative(z, a, delta, 0, n);
    }

    static Activation identity() {
        return Identity.INSTANCE;
    }

    static Activation sigmoid() {
        return Sigmoid.INSTANCE;
    }

    static Activation tanh() {
        return Tanh.INSTANCE;
    }

    static Activation relu() {
        return Relu.INSTANCE;
    }

    /** @param alpha slope for z &lt; 0 (finite, ≥ 0; checked by NetworkSpec) */
    static Activation leakyRelu(double alpha) {
        return new LeakyRelu(alpha);
    }

    static Activation abs() {
        return Abs.INSTANCE;
    }

    static Activation softplus() {
        return Softplus.INSTANCE;
    }

    static Activation softmax() {
        return Softmax.INSTANCE;
    }

    /**
     * Parses the canonical form: {@code identity, sigmoid, tanh, relu, leaky_relu, leaky_relu(α), abs, softplus,
     * softmax} (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    static Activation parse(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("leaky_relu")) {
            String rest = s.substring("leaky_relu".length()).trim();
            if (rest.isEmpty()) {
                return new LeakyRelu(LeakyRelu.DEFAULT_ALPHA);
            }
            if (rest.startsWith("(") && rest.endsWith(")")) {
                try {
                    return new LeakyRelu(Double.parseDouble(rest.substring(1, rest.length() - 1).trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad leaky_relu alpha in '" + text + "'", e);
                }
            }
        }
        switch (s) {
            case "identity": case "linear": return Identity.INSTANCE;
            case "sigmoid": case "logistic": return Sigmoid.INSTANCE;
            case "tanh": return Tanh.INSTANCE;
            case "relu": return Relu.INSTANCE;
            case "abs": return Abs.INSTANCE;
            case "softplus": return Softplus.INSTANCE;
            case "softmax": return Softmax.INSTANCE;
            default:
                throw new IllegalArgumentException("unknown activation '" + text + "' (known: identity, sigmoid, tanh,"
                        + " relu, leaky_relu(α), abs, softplus, softmax)");
        }
    }
}
