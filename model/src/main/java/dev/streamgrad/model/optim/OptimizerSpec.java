package dev.streamgrad.model.optim;

/**
 * Hyperparameters of an optimiser. Fields that the type does not use are ignored (and kept at their defaults).
 * Validation happens in {@code NetworkSpec}, which names the offending field.
 *
 * <p>Learning rate: η_t = learningRate / t^lrPower, t = 1, 2, ... the number of the optimiser step being taken;
 * {@code lrPower = 0} is a constant rate (inverse scaling, as scikit-learn's {@code learning_rate="invscaling"}).
 *
 * @param type the update rule
 * @param learningRate η0 &gt; 0
 * @param lrPower the power of the inverse-scaling schedule, ≥ 0 (0 = constant)
 * @param momentum μ ∈ [0,1) for {@link OptimizerType#MOMENTUM}
 * @param nesterov Nesterov's variant of momentum
 * @param rho ρ ∈ [0,1) for {@link OptimizerType#RMSPROP}
 * @param beta1 β1 ∈ [0,1) for {@link OptimizerType#ADAM}
 * @param beta2 β2 ∈ [0,1) for {@link OptimizerType#ADAM}
 * @param epsilon ε &gt; 0 for adagrad, rmsprop, adam
 */
public record OptimizerSpec(OptimizerType type, double learningRate, double lrPower, double momentum, boolean nesterov,
                            double rho, double beta1, double beta2, double epsilon) {

    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_RHO = 0.9;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-8;

    /** @throws NullPointerException if type is null */
    public OptimizerSpec {
        java.util.Objects.requireNonNull(type, "optimizer.type");
    }

    public static OptimizerSpec sgd(double lr) {
        return of(OptimizerType.SGD, lr);
    }

    public static OptimizerSpec momentum(double lr, double mu, boolean nesterov) {
        return new OptimizerSpec(OptimizerType.MOMENTUM, lr, 0, mu, nesterov, DEFAULT_RHO, DEFAULT_BETA1, DEFAULT_BETA2,
                DEFAULT_EPSILON);
    }

    public static OptimizerSpec adagrad(double lr, double eps) {
        return of(OptimizerType.ADAGRAD, lr).withEpsilon(eps);
    }

    public static OptimizerSpec rmsprop(double lr, double rho, double eps) {
        return new OptimizerSpec(OptimizerType.RMSPROP, lr, 0, DEFAULT_MOMENTUM, false, rho, DEFAULT_BETA1,
                DEFAULT_BETA2, eps);
    }

    public static OptimizerSpec adam(double lr, double beta1, double beta2, double eps) {
        return new OptimizerSpec(OptimizerType.ADAM, lr, 0, DEFAULT_MOMENTUM, false, DEFAULT_RHO, beta1, beta2, eps);
    }

    /** @return the given type with learning rate {@code lr} and every other field at its default */
    public static OptimizerSpec of(OptimizerType type, double lr) {
        return new OptimizerSpec(type, lr, 0, DEFAULT_MOMENTUM, false, DEFAULT_RHO, DEFAULT_BETA1, DEFAULT_BETA2,
                DEFAULT_EPSILON);
    }

    /** @return a copy with the inverse-scaling power set (η_t = η0 / t^power) */
    public OptimizerSpec withLrPower(double power) {
        return new OptimizerSpec(type, learningRate, power, momentum, nesterov, rho, beta1, beta2, epsilon);
    }

    /** @return a copy with ε set */
    public OptimizerSpec withEpsilon(double eps) {
        return new OptimizerSpec(type, learningRate, lrPower, momentum, nesterov, rho, beta1, beta2, eps);
    }

    /** @return η_t for optimiser step t ≥ 1 */
    public double learningRateAt(long t) {
        return lrPower == 0 ? learningRate : learningRate / Math.pow(t, lrPower);
    }

    /** @return the update rule for this spec */
    public Optimizer create() {
        switch (type) {
            case SGD: return new Sgd();
            case MOMENTUM: return new Momentum(momentum, nesterov);
            case ADAGRAD: return new Adagrad(epsilon);
            case RMSPROP: return new RmsProp(rho, epsilon);
            case ADAM: return new Adam(beta1, beta2, epsilon);
            default: throw new AssertionError(type);
        }
    }
}
