package dev.streamgrad.model.kernel;

/**
 * One optimiser's update rule as the kernels see it: the kind and its hyperparameters, the element formulas that
 * every implementation (scalar loops in {@code optim}, the plain-Java and Vector API kernels) evaluates in the same
 * order, and upper bounds of the values one step can produce. Immutable.
 *
 * <p>The element formulas are the only place the arithmetic of each rule is written for scalars; the Vector API
 * kernel repeats it lane-wise with separate multiplies and adds (never fused), so every lane gives the bits of the
 * scalar formula. With g = ∂C/∂θ + λθ (the gradient with the L2 term):
 * <ul>
 *   <li>sgd: θ ← (1 − ηλ)θ − η·∂C/∂θ (the fused per-event SGD kernel's form);</li>
 *   <li>momentum: v ← μv − ηg; θ ← θ + v. Nesterov: θ ← θ + μv − ηg with the new v;</li>
 *   <li>adagrad: s ← s + g²; θ ← θ − ηg/(√s + ε);</li>
 *   <li>rmsprop: s ← ρs + (1−ρ)g²; θ ← θ − ηg/(√s + ε);</li>
 *   <li>adam: m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²; θ ← θ − η(m/c1)/(√(v/c2) + ε), c_i = 1 − β_i^t.</li>
 * </ul>
 */
public final class StepRule {

    /** Bound below which no value of a step can overflow (Double.MAX_VALUE ≈ 1.8e308; rounding of the bounds is far below the margin). */
    public static final double SAFE = 1e300;

    /** The update rules. */
    public enum Kind { SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM }

    private final Kind kind;
    private final double a;
    private final double b;
    private final double eps;

    private StepRule(Kind kind, double a, double b, double eps) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.eps = eps;
    }

    public static StepRule sgd() {
        return new StepRule(Kind.SGD, 0, 0, 0);
    }

    /** @param mu μ ∈ [0, 1) */
    public static StepRule momentum(double mu, boolean nesterov) {
        return new StepRule(nesterov ? Kind.NESTEROV : Kind.MOMENTUM, mu, 0, 0);
    }

    /** @param eps ε &gt; 0 */
    public static StepRule adagrad(double eps) {
        return new StepRule(Kind.ADAGRAD, 0, 0, eps);
    }

    /** @param rho ρ ∈ [0, 1); @param eps ε &gt; 0 */
    public static StepRule rmsprop(double rho, double eps) {
        return new StepRule(Kind.RMSPROP, rho, 0, eps);
    }

    /** @param beta1 β1 ∈ [0, 1); @param beta2 β2 ∈ [0, 1); @param eps ε &gt; 0 */
    public static StepRule adam(double beta1, double beta2, double eps) {
        return new StepRule(Kind.ADAM, beta1, beta2, eps);
    }

    public Kind kind() {
        return kind;
    }

    /** @return μ (momentum, nesterov), ρ (rmsprop) or β1 (adam) */
    public double a() {
        return a;
    }

    /** @return β2 (adam) */
    public double b() {
        return b;
    }

    public double eps() {
        return eps;
    }

    /** @return the number of state arrays per parameter array */
    public int slotCount() {
        switch (kind) {
            case SGD: return 0;
            case ADAM: return 2;
            default: return 1;
        }
    }

    /** @return Adam's bias correction c1 = 1 − β1^t (1 for the other rules) */
    public double correction1(long t) {
        return kind == Kind.ADAM ? 1 - Math.pow(a, t) : 1;
    }

    /** @return Adam's bias correction c2 = 1 − β2^t (1 for the other rules) */
    public double correction2(long t) {
        return kind == Kind.ADAM ? 1 - Math.pow(b, t) : 1;
    }

    // ------------------------------------------------------------------ element formulas (scalar)

    /** @return v ← μv − ηg */
    public static double velocity(double mu, double eta, double v, double g) {
        return mu * v - eta * g;
    }

    /** @return θ + v (classical) or θ + μv − ηg (nesterov), v the new velocity */
    public static double momentumTheta(boolean nesterov, double mu, double eta, double theta, double v, double g) {
        return nesterov ? theta + mu * v - eta * g : theta + v;
    }

    /** @return s + g² (adagrad) */
    public static double sumSquares(double s, double g) {
        return s + g * g;
    }

    /** @return ρs + (1−ρ)g² (rmsprop) */
    public static double meanSquares(double rho, double s, double g) {
        return rho * s + (1 - rho) * g * g;
    }

    /** @return θ − ηg/(√s + ε) (adagrad, rmsprop) */
    public static double scaledTheta(double eta, double eps, double theta, double g, double s) {
        return theta - eta * g / (Math.sqrt(s) + eps);
    }

    /** @return β1m + (1−β1)g */
    public static double firstMoment(double beta1, double m, double g) {
        return beta1 * m + (1 - beta1) * g;
    }

    /** @return β2v + (1−β2)g² */
    public static double secondMoment(double beta2, double v, double g) {
        return beta2 * v + (1 - beta2) * g * g;
    }

    /** @return θ − η(m/c1)/(√(v/c2) + ε) */
    public static double adamTheta(double eta, double eps, double c1, double c2, double theta, double m, double v) {
        double mHat = m / c1;
        double vHat = v / c2;
        return theta - eta * mHat / (Math.sqrt(vHat) + eps);
    }

    // ------------------------------------------------------------------ bounds

    /**
     * Upper bounds of every value one step computes, from upper bounds of its inputs. Each bound is built from the
     * same operations as the value, on magnitudes, so by the monotonicity of IEEE rounding it bounds the computed
     * value (not only the exact one): if every bound is at most {@link #SAFE}, the step cannot produce NaN or ±Inf.
     *
     * @param eta η of this step
     * @param l2 λ (0 for biases)
     * @param t the step number (Adam's corrections)
     * @param dx ≥ max |∂C/∂θ| (for a rank-one weight gradient, max|δ|·max|a|)
     * @param in in[0] ≥ max|θ|, in[1 + j] ≥ max|slot j|; not modified
     * @param out receives the bounds after the step, same layout (may not be {@code in})
     * @return true if every value of the step is bounded by {@link #SAFE}; then {@code out} holds the new bounds
     */
    public boolean bound(double eta, double l2, long t, double dx, double[] in, double[] out) {
        double th = in[0];
        if (kind == Kind.SGD) {
            double scale = Math.abs(1.0 - eta * l2);
            out[0] = scale * th + eta * dx;
            return out[0] <= SAFE;
        }
        double g = dx + l2 * th;
        if (!(g <= SAFE && eta * g <= SAFE)) {
            return false;
        }
        switch (kind) {
            case MOMENTUM:
            case NESTEROV: {
                double v = a * in[1] + eta * g;
                out[1] = v;
                out[0] = kind == Kind.NESTEROV ? th + a * v + eta * g : th + v;
                return out[0] <= SAFE;
            }
            case ADAGRAD:
            case RMSPROP: {
                double s = kind == Kind.ADAGRAD ? in[1] + g * g : a * in[1] + (1 - a) * g * g;
                out[1] = s;
                out[0] = th + eta * g / eps;
                return s <= SAFE && out[0] <= SAFE;
            }
            default: { // ADAM
                double m = a * in[1] + (1 - a) * g;
                double v = b * in[2] + (1 - b) * g * g;
                double mHat = m / correction1(t);
                double vHat = v / correction2(t);
                out[1] = m;
                out[2] = v;
                out[0] = th + eta * mHat / eps;
                return v <= SAFE && mHat <= SAFE && vHat <= SAFE && eta * mHat <= SAFE && out[0] <= SAFE;
            }
        }
    }

    /** The shape checks of {@link Kernels#backpropStep}, once for every backend. */
    void requireShapes(String op, int m, int n, double[] a, double[] delta, double[] x, double[][] slots,
                       double[] prev) {
        DimensionMismatchException.requireMatrix(op, "a", a, m, n);
        DimensionMismatchException.requireVector(op, "delta", delta, m);
        DimensionMismatchException.requireVector(op, "x", x, n);
        if (prev != null) {
            DimensionMismatchException.requireVector(op, "prev", prev, n);
        }
        if (slots == null || slots.length < slotCount()) {
            throw new DimensionMismatchException(op + ": " + this + " needs " + slotCount() + " slot arrays, got "
                    + (slots == null ? "none" : String.valueOf(slots.length)));
        }
        for (int j = 0; j < slotCount(); j++) {
            DimensionMismatchException.requireMatrix(op, "a slot array", slots[j], m, n);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + a + ", " + b + ", " + eps + ")";
    }
}
