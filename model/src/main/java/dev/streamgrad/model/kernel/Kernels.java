package dev.streamgrad.model.kernel;

/**
 * The few dense linear-algebra operations the network needs, named after their BLAS routines.
 *
 * <p>Conventions (all backends):
 * <ul>
 *   <li>Matrices are dense, row-major {@code double[]}: element (i, j) of an m×n matrix is {@code a[i * n + j]}.
 *       Arrays may be longer than the shape requires; only the leading elements are read or written.</li>
 *   <li>The output argument comes last and is always caller-supplied: nothing is allocated per call.
 *       An output array must not be the same instance as an input array unless the method says so.</li>
 *   <li>An array shorter than its stated shape fails fast with a {@link DimensionMismatchException}
 *       that names both shapes.</li>
 *   <li>Results are deterministic: the same inputs give the same bits on every call (no threads whose
 *       scheduling changes the order of a sum). Different backends agree to 1e-12 relative.</li>
 * </ul>
 */
public interface Kernels {

    /** @return a short name for logs and benchmark tables, e.g. {@code "java"}, {@code "vector"}, {@code "openblas"}. */
    String name();

    /**
     * {@code y ← alpha·A·x + beta·y} (dgemv, no transpose).
     *
     * @param m rows of A and length of y
     * @param n columns of A and length of x
     * @param a m×n, not modified
     * @param x length n, not modified
     * @param y length m, modified. With {@code beta == 0} its old contents are ignored (even NaN).
     */
    void gemv(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y);

    /**
     * {@code y ← alpha·Aᵀ·x + beta·y} (dgemv, transposed).
     *
     * @param m rows of A and length of x
     * @param n columns of A and length of y
     * @param a m×n, not modified
     * @param x length m, not modified
     * @param y length n, modified. With {@code beta == 0} its old contents are ignored (even NaN).
     */
    void gemvT(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y);

    /**
     * {@code A ← A + alpha·x·yᵀ} (dger: rank-1 update).
     *
     * @param x length m, not modified
     * @param y length n, not modified
     * @param a m×n, modified
     */
    void ger(int m, int n, double alpha, double[] x, double[] y, double[] a);

    /**
     * {@code C ← alpha·op(A)·op(B) + beta·C} (dgemm), where op(A) is m×k and op(B) is k×n.
     *
     * @param transA if true, A is stored k×m and op(A) = Aᵀ; otherwise A is stored m×k
     * @param transB if true, B is stored n×k and op(B) = Bᵀ; otherwise B is stored k×n
     * @param a not modified
     * @param b not modified
     * @param c m×n, modified. With {@code beta == 0} its old contents are ignored (even NaN).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double alpha, double[] a, double[] b, double beta, double[] c);

    /**
     * {@code y ← y + alpha·x} (daxpy).
     *
     * @param x length n, not modified
     * @param y length n, modified
     */
    void axpy(int n, double alpha, double[] x, double[] y);

    /**
     * @return {@code Σ x_i·y_i} (ddot) over the first n elements; neither array is modified
     */
    double dot(int n, double[] x, double[] y);

    /**
     * Element-wise (Hadamard) product {@code out_i ← x_i·y_i}. {@code out} may be the same instance as x or y.
     *
     * @param x length n, not modified (unless it is {@code out})
     * @param y length n, not modified (unless it is {@code out})
     * @param out length n, modified
     */
    void hadamard(int n, double[] x, double[] y, double[] out);

    /**
     * The backward pass of one layer fused with its plain-SGD weight update, in one pass over A
     * (per-event learning is memory-bound: each weight is read and written once):
     * <pre>
     *   prev ← Aᵀ·delta                      (with A as it was before this call)
     *   A    ← scale·A − eta·delta·xᵀ
     * </pre>
     * {@code scale} folds L2 weight decay into the step ({@code scale = 1 − eta·λ}); pass 1 for none.
     *
     * @param m rows of A (neurons of this layer) and length of delta
     * @param n columns of A (inputs of this layer) and length of x and prev
     * @param a m×n weights, modified
     * @param delta length m, ∂C/∂z of this layer, not modified
     * @param x length n, this layer's input activations, not modified
     * @param prev length n, modified; or {@code null} to skip it (the first layer needs no ∂C/∂a of its input)
     */
    void backpropUpdate(int m, int n, double[] a, double[] delta, double[] x,
                        double scale, double eta, double[] prev);

    /**
     * The first layer's plain-SGD update of the last event, deferred to this event's forward pass, then that pass's
     * product, in one pass over A where the backend can (per event the first layer's W is then read and written
     * once instead of being read by {@link #gemv} and read and written again by {@link #backpropUpdate}):
     * <pre>
     *   A ← scale·A − eta·delta·xPrevᵀ     (exactly {@code backpropUpdate(m, n, a, delta, xPrev, scale, eta, null)})
     *   y ← A·x                            (exactly {@code gemv(m, n, 1, a, x, 0, y)}, with the new A)
     * </pre>
     * Same bits as those two calls, in that order, on every backend (the default makes them).
     *
     * @param m rows of A, length of delta and y
     * @param n columns of A, length of xPrev and x
     * @param a m×n weights, modified
     * @param delta length m, the last event's δ of this layer, not modified
     * @param xPrev length n, the last event's input of this layer, not modified
     * @param x length n, this event's input, not modified
     * @param y length m, overwritten
     */
    default void updateGemv(int m, int n, double[] a, double[] delta, double[] xPrev, double scale, double eta,
                            double[] x, double[] y) {
        backpropUpdate(m, n, a, delta, xPrev, scale, eta, null);
        gemv(m, n, 1.0, a, x, 0.0, y);
    }

    /**
     * The backward pass of one layer fused with an optimiser step whose gradient is the rank-one outer product of
     * the layer's δ and input, in one pass over A and its optimiser slots; the gradient is formed in registers and
     * never stored:
     * <pre>
     *   prev ← Aᵀ·delta                                   (with A as it was before this call)
     *   G    = delta·xᵀ, each element computed as the backend's {@link #ger} into zeros would
     *   (A, slots) ← rule(A, G + l2·A, slots)            ({@link StepRule}'s element formulas, in their order)
     * </pre>
     * For {@link StepRule.Kind#SGD} this is {@link #backpropUpdate} with {@code scale = 1 − eta·l2}. The caller
     * guarantees that every new value is finite ({@link StepRule#bound}); nothing is checked here.
     *
     * @param m rows of A (neurons of this layer) and length of delta
     * @param n columns of A (inputs of this layer) and length of x and prev
     * @param a m×n weights, modified
     * @param delta length m, not modified
     * @param x length n, this layer's input activations, not modified
     * @param rule the update rule, not null
     * @param eta η of this step
     * @param l2 λ, the L2 coefficient (the gradient used is G + λA)
     * @param t the step number, 1-based (Adam's bias corrections)
     * @param slots {@link StepRule#slotCount()} arrays of at least m·n elements, modified
     * @param prev length n, modified; or {@code null} to skip it
     */
    default void backpropStep(int m, int n, double[] a, double[] delta, double[] x, StepRule rule, double eta,
                              double l2, long t, double[][] slots, double[] prev) {
        // The dispatch and the shape checks, once for every backend (as netlib's AbstractBLAS does).
        if (rule.kind() == StepRule.Kind.SGD) {
            backpropUpdate(m, n, a, delta, x, 1.0 - eta * l2, eta, prev);
            return;
        }
        rule.requireShapes("backpropStep", m, n, a, delta, x, slots, prev);
        adaptiveStep(m, n, a, delta, x, rule, eta, l2, t, slots, prev);
    }

    /**
     * The kernel of {@link #backpropStep} for an adaptive rule (not {@link StepRule.Kind#SGD}), with the arguments
     * already checked by it; same contract and parameters. Callers use {@link #backpropStep}.
     */
    void adaptiveStep(int m, int n, double[] a, double[] delta, double[] x, StepRule rule, double eta, double l2,
                      long t, double[][] slots, double[] prev);

    /**
     * @return max_i |x_i| over the first n elements (0 for n = 0); NaN if any is NaN, +Inf if any is infinite and
     *     none is NaN. x is not modified.
     */
    double maxAbs(int n, double[] x);

    /**
     * The ReLU activation with the finiteness check of the forward pass in the same pass:
     * {@code a_i ← z_i if z_i > 0, else +0} (so NaN gives 0).
     *
     * @param z length n, not modified
     * @param a length n, modified (may not be z)
     * @return max_i |z_i| (≥ max|a|), with NaN and ±Inf as {@link #maxAbs}: non-finite iff some z_i is
     */
    double relu(int n, double[] z, double[] a);

    /**
     * The ReLU derivative step of backprop: {@code delta_i ← delta_i if z_i > 0, else +0}.
     *
     * @param z length n, not modified
     * @param delta length n, modified
     */
    void reluDerivative(int n, double[] z, double[] delta);

    /**
     * The tanh activation with the finiteness check of the forward pass in the same pass:
     * {@code a_i ← HyperbolicTangent.tanh(z_i)}, the same bits in every backend.
     *
     * @param z length n, not modified
     * @param a length n, modified (may not be z)
     * @return max_i |z_i|, with NaN and ±Inf as {@link #maxAbs}: non-finite iff some z_i is
     */
    double tanh(int n, double[] z, double[] a);

    /**
     * Lets a backend that copies its operands into memory of its own (the native one) keep those copies between
     * {@link #gemm} calls instead of copying the same arrays again on every call.
     *
     * <p>Contract: until the returned scope is closed, on this thread, the caller changes the given arrays only as
     * the output {@code c} of this object's {@link #gemm}. Every result, including each array the caller reads
     * while the scope is open, has the same bits as without the scope: a backend that keeps a copy writes each
     * output back to the Java array at once. Scopes do not nest on one thread. Backends that work on the Java
     * arrays directly return a scope that does nothing (this default).
     *
     * @param arrays the arrays to keep; null elements are skipped. Not modified by this call.
     * @return the scope; close it on the thread that opened it
     * @throws IllegalStateException if a scope is already open on this thread (backends that keep copies)
     */
    default Held hold(double[]... arrays) {
        return Held.NOTHING;
    }

    /**
     * Tells the backend that {@code array} was changed by other code while it may be held ({@link #hold}): the
     * next use reads it from the Java array again. For a wrapper that routes some calls to another backend.
     *
     * @param array not modified
     */
    default void changedOutside(double[] array) {
    }

    /** An open {@link #hold} scope. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        /** The scope of a backend that keeps no copies. */
        Held NOTHING = () -> { };

        /**
         * Ends the scope: every copy kept for it is dropped (the Java arrays are already current). A second call does
         * nothing, even after a later scope was opened.
         */
        @Override
        void close();
    }
}
