package dev.streamgrad.model.kernel;

import static dev.streamgrad.model.kernel.DimensionMismatchException.requireMatrix;
import static dev.streamgrad.model.kernel.DimensionMismatchException.requireVector;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas.cblas_ddot;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas.cblas_dger;
import static org.bytedeco.openblas.global.openblas.cblas_dscal;

import java.util.ArrayList;
import java.util.IdentityHashMap;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Native backend: OpenBLAS through bytedeco/JavaCPP (the library ships in the jar; no system install).
 *
 * <p>Contract, beyond {@link Kernels}: each call copies its inputs from the Java arrays into per-thread native
 * scratch buffers (grown on demand, reused, never shrunk), calls the CBLAS routine, and copies only the output
 * back. That copy is why this backend only pays for large GEMMs (the copy is O(n²), the work O(n³)); matrix-vector
 * operations are slower than {@link VectorKernels} here and are only offered for completeness and tests. Handing
 * {@code double[]} directly to JavaCPP's array overloads was measured slower (JNI copies every array in and back
 * out, inputs included): see {@code docs/BENCHMARKS.md}, "native copy". Inside a {@link #hold} scope, gemm copies a
 * held array once and reuses that copy (a mini-batch step reads each W_l in the forward and backward passes and
 * writes it in the update: one copy in and one out instead of four).
 *
 * <p>Determinism: OpenBLAS is set to ONE thread when this backend loads ({@code blas_set_num_threads(1)}, which is
 * process-wide), so each call's order of summation depends on the shape only. {@code -Dstreamgrad.openblas.threads=N}
 * lets GEMM use N threads: faster for large batches, but OpenBLAS then splits work by the thread count, so bits can
 * differ between machines with different core counts (still identical between runs on one machine with the same
 * N, as far as we measured, but that is not promised by OpenBLAS). {@link #hadamard} has no BLAS routine and runs
 * in Java. Results agree with {@link JavaKernels} to 1e-12 relative. Thread-safe (scratch buffers are per thread).
 */
public final class OpenBlasKernels implements Kernels {

    private final int threads;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /**
     * Loads OpenBLAS (throws {@link UnsatisfiedLinkError} or another {@link LinkageError} if it cannot) and sets
     * its thread count.
     *
     * @param threads OpenBLAS threads, at least 1 (1 = deterministic per call; see the class comment)
     */
    OpenBlasKernels(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("OpenBLAS threads must be >= 1, got " + threads);
        }
        Loader.load(openblas.class);
        openblas.blas_set_num_threads(threads);
        this.threads = threads;
    }

    @Override
    public String name() {
        return "native";
    }

    /** @return the OpenBLAS thread count this backend set when it loaded */
    public int threads() {
        return threads;
    }

    /**
     * Per-thread native buffers: slot 0 and 1 inputs, slot 2 in/out; and, while a {@link #hold} scope is open on the
     * thread, the native copies of the held arrays (made at their first use, reused by later calls, dropped when
     * another operation writes the array).
     */
    private static final class Scratch {
        /** Spare buffers kept for later scopes; more are freed. */
        private static final int MAX_SPARE = 8;
        private final DoublePointer[] p = new DoublePointer[3];
        /** The held arrays by identity; empty when no scope is open. Reused by every scope of the thread. */
        private final IdentityHashMap<double[], Copy> held = new IdentityHashMap<>();
        private boolean open;
        /** Counts the scopes opened, so that closing a scope twice cannot close a later one. */
        private long scope;
        private final ArrayList<DoublePointer> spare = new ArrayList<>();

        /** A held array's native copy: its first {@code valid} elements equal the Java array's. */
        private static final class Copy {
            DoublePointer buffer;
            long valid;
        }

        DoublePointer get(int slot, long size) {
            DoublePointer q = p[slot];
            if (q == null || q.capacity() < size) {
                if (q != null) {
                    q.close();
                }
                q = new DoublePointer(Math.max(size, 64));
                p[slot] = q;
            }
            return q;
        }

        DoublePointer in(int slot, double[] src, int len) {
            DoublePointer q = get(slot, len);
            q.put(src, 0, len);
            return q;
        }

        /** @return the held copy of {@code src}, or null if it is not held */
        private Copy copyOf(double[] src) {
            return open ? held.get(src) : null;
        }

        /** @return a native buffer with the first len elements of src: its held copy, else slot's scratch */
        DoublePointer operand(int slot, double[] src, int len) {
            Copy c = copyOf(src);
            if (c == null) {
                return in(slot, src, len);
            }
            if (c.valid < len) {
                ensure(c, src.length).put(src, 0, len);
                c.valid = len;
            }
            return c.buffer;
        }

        /** @return the held copy's buffer for an output of len elements (contents as {@link #operand}), or null */
        DoublePointer heldOutput(double[] y, int len, double beta) {
            Copy c = copyOf(y);
            if (c == null) {
                return null;
            }
            if (beta == 0.0) {
                Pointer.memset(ensure(c, y.length), 0, (long) len * Double.BYTES);   // as output(): old NaN ignored
                c.valid = 0;
                return c.buffer;
            }
            return operand(2, y, len);
        }

        /** Records that the held output y's first len elements were written back from its copy. */
        void wroteBack(double[] y, int len) {
            Copy c = copyOf(y);
            if (c != null) {
                c.valid = Math.max(c.valid, len);
            }
        }

        /** Forgets a held array's copy: it was (or is about to be) written by other code. */
        void drop(double[] y) {
            Copy c = copyOf(y);
            if (c != null) {
                c.valid = 0;
            }
        }

        /**
         * @param capacity the held array's whole length: the buffer is sized once per scope, so a pointer taken for
         *     one operand of a call stays valid when the same array is another operand of that call
         * @return the copy's buffer, from a spare one or new at its first use in the scope
         */
        private DoublePointer ensure(Copy c, long capacity) {
            if (c.buffer != null) {
                return c.buffer;
            }
            for (int i = 0; i < spare.size(); i++) {
                if (spare.get(i).capacity() >= capacity) {
                    c.buffer = spare.remove(i);
                    return c.buffer;
                }
            }
            c.buffer = new DoublePointer(Math.max(capacity, 64));
            return c.buffer;
        }

        /** @return the new scope's number, for {@link #close} */
        long open(double[][] arrays) {
            if (open) {
                throw new IllegalStateException("a hold scope is already open on this thread");
            }
            open = true;
            scope++;
            for (double[] a : arrays) {
                if (a != null) {
                    held.put(a, new Copy());
                }
            }
            return scope;
        }

        /** Ends scope number {@code which} if it is the open one (a second close does nothing). */
        void close(long which) {
            if (!open || which != scope) {
                return;
            }
            for (Copy c : held.values()) {
                if (c.buffer != null) {
                    spare.add(c.buffer);
                }
            }
            held.clear();
            open = false;
            while (spare.size() > MAX_SPARE) {
                spare.remove(0).close();
            }
        }
    }

    /**
     * Called by every operation that writes {@code out} other than through a held copy (in Java, or through a
     * scratch slot): a copy of it held for {@link #gemm} would be stale, so it is dropped.
     *
     * @return this thread's scratch
     */
    private Scratch writing(double[] out) {
        Scratch s = scratch.get();
        s.drop(out);
        return s;
    }

    private DoublePointer output(Scratch s, int slot, double[] y, int len, double beta) {
        DoublePointer q = s.get(slot, len);
        if (beta == 0.0) {
            // BLAS does not promise to ignore NaN in y when beta == 0 for every routine and version: start from 0.
            Pointer.memset(q, 0, (long) len * Double.BYTES);
        } else {
            q.put(y, 0, len);
        }
        return q;
    }

    @Override
    public void gemv(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        requireMatrix("gemv", "a", a, m, n);
        requireVector("gemv", "x", x, n);
        requireVector("gemv", "y", y, m);
        Scratch s = writing(y);
        if (m == 0 || n == 0) {
            scaleInJava(m, beta, y); // BLAS returns early when n == 0 without applying beta
            return;
        }
        DoublePointer pa = s.in(0, a, m * n);
        DoublePointer px = s.in(1, x, n);
        DoublePointer py = output(s, 2, y, m, beta);
        cblas_dgemv(CblasRowMajor, CblasNoTrans, m, n, alpha, pa, Math.max(1, n), px, 1, beta, py, 1);
        py.get(y, 0, m);
    }

    @Override
    public void gemvT(int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        requireMatrix("gemvT", "a", a, m, n);
        requireVector("gemvT", "x", x, m);
        requireVector("gemvT", "y", y, n);
        Scratch s = writing(y);
        if (m == 0 || n == 0) {
            scaleInJava(n, beta, y); // BLAS returns early when m == 0 without applying beta
            return;
        }
        DoublePointer pa = s.in(0, a, m * n);
        DoublePointer px = s.in(1, x, m);
        DoublePointer py = output(s, 2, y, n, beta);
        cblas_dgemv(CblasRowMajor, CblasTrans, m, n, alpha, pa, Math.max(1, n), px, 1, beta, py, 1);
        py.get(y, 0, n);
    }

    @Override
    public void ger(int m, int n, double alpha, double[] x, double[] y, double[] a) {
        requireMatrix("ger", "a", a, m, n);
        requireVector("ger", "x", x, m);
        requireVector("ger", "y", y, n);
        Scratch s = writing(a);
        if (m == 0 || n == 0) {
            return;
        }
        DoublePointer px = s.in(0, x, m);
        DoublePointer py = s.in(1, y, n);
        DoublePointer pa = s.in(2, a, m * n);
        cblas_dger(CblasRowMajor, m, n, alpha, px, 1, py, 1, pa, n);
        pa.get(a, 0, m * n);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, double[] b, double beta, double[] c) {
        int ar = transA ? k : m;
        int ac = transA ? m : k;
        int br = transB ? n : k;
        int bc = transB ? k : n;
        requireMatrix("gemm", "a", a, ar, ac);
        requireMatrix("gemm", "b", b, br, bc);
        requireMatrix("gemm", "c", c, m, n);
        if (m == 0 || n == 0 || k == 0) {
            writing(c);
            scaleInJava(m * n, beta, c);
            return;
        }
        Scratch s = scratch.get();
        DoublePointer pa = s.operand(0, a, ar * ac);
        DoublePointer pb = s.operand(1, b, br * bc);
        DoublePointer held = s.heldOutput(c, m * n, beta);
        DoublePointer pc = held != null ? held : output(s, 2, c, m * n, beta);
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, pa, Math.max(1, ac), pb, Math.max(1, bc), beta, pc, n);
        pc.get(c, 0, m * n);
        s.wroteBack(c, m * n);
    }

    /**
     * Keeps the native copies of the given arrays for {@link #gemm} until the scope closes (see {@link Kernels#hold}):
     * each is copied at its first use, and a gemm that writes one writes its copy and then the Java array. Any other
     * operation of this backend that writes a held array, and {@link #changedOutside}, drops its copy.
     */
    @Override
    public Held hold(double[]... arrays) {
        Scratch s = scratch.get();
        long which = s.open(arrays);
        return () -> s.close(which);
    }

    @Override
    public void changedOutside(double[] array) {
        scratch.get().drop(array);
    }

    @Override
    public void axpy(int n, double alpha, double[] x, double[] y) {
        requireVector("axpy", "x", x, n);
        requireVector("axpy", "y", y, n);
        Scratch s = writing(y);
        if (n == 0) {
            return;
        }
        DoublePointer px = s.in(0, x, n);
        DoublePointer py = s.in(2, y, n);
        cblas_daxpy(n, alpha, px, 1, py, 1);
        py.get(y, 0, n);
    }

    @Override
    public double dot(int n, double[] x, double[] y) {
        requireVector("dot", "x", x, n);
        requireVector("dot", "y", y, n);
        if (n == 0) {
            return 0.0;
        }
        Scratch s = scratch.get();
        return cblas_ddot(n, s.in(0, x, n), 1, s.in(1, y, n), 1);
    }

    private static void scaleInJava(int len, double beta, double[] y) {
        if (beta == 0.0) {
            java.util.Arrays.fill(y, 0, len, 0.0);
        } else if (beta != 1.0) {
            for (int i = 0; i < len; i++) {
                y[i] *= beta;
            }
        }
    }

    /** No BLAS routine: plain Java loop (the same as {@link JavaKernels#hadamard}). */
    @Override
    public void hadamard(int n, double[] x, double[] y, double[] out) {
        requireVector("hadamard", "x", x, n);
        requireVector("hadamard", "y", y, n);
        requireVector("hadamard", "out", out, n);
        writing(out);
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * y[i];
        }
    }

    /** Three BLAS calls on the native copy of A: dgemv (Aᵀ·δ), dscal (unless scale is 1), dger. */
    @Override
    public void backpropUpdate(int m, int n, double[] a, double[] delta, double[] x,
                               double scale, double eta, double[] prev) {
        requireMatrix("backpropUpdate", "a", a, m, n);
        requireVector("backpropUpdate", "delta", delta, m);
        requireVector("backpropUpdate", "x", x, n);
        if (prev != null) {
            requireVector("backpropUpdate", "prev", prev, n);
        }
        Scratch s = writing(a);
        if (prev != null) {
            writing(prev);
        }
        if (n == 0) {
            return;
        }
        if (m == 0) {
            if (prev != null) {
                java.util.Arrays.fill(prev, 0, n, 0.0);
            }
            return;
        }
        DoublePointer pd = s.in(0, delta, m);
        DoublePointer pa = s.in(2, a, m * n);
        if (prev != null) {
            DoublePointer pp = s.get(1, n);
            Pointer.memset(pp, 0, (long) n * Double.BYTES);
            cblas_dgemv(CblasRowMajor, CblasTrans, m, n, 1.0, pa, n, pd, 1, 0.0, pp, 1);
            pp.get(prev, 0, n);
        }
        if (scale != 1.0) {
            cblas_dscal(m * n, scale, pa, 1);
        }
        DoublePointer px = s.in(1, x, n);
        cblas_dger(CblasRowMajor, m, n, -eta, pd, 1, px, 1, pa, n);
        pa.get(a, 0, m * n);
    }

    /**
     * No BLAS routine for an optimiser step: Aᵀ·δ by native dgemv (as {@link #gemvT}), then the step in Java with the
     * gradient elements formed as {@link JavaKernels} forms them. Before the fused step existed, this backend formed
     * the gradient with a native dger; the two can differ only in the sign of a zero gradient element (an underflowing
     * δ_i·x_j).
     */
    @Override
    public void adaptiveStep(int m, int n, double[] a, double[] delta, double[] x, StepRule rule, double eta,
                             double l2, long t, double[][] slots, double[] prev) {
        writing(a);
        if (prev != null) {
            gemvT(m, n, 1.0, a, delta, 0.0, prev);
        }
        double c1 = rule.correction1(t);
        double c2 = rule.correction2(t);
        for (int i = 0; i < m; i++) {
            JavaKernels.stepRow(rule, eta, l2, c1, c2, a, i * n, 0, n, delta[i], x, slots, false);
        }
    }

    /** No BLAS routine: as {@link JavaKernels#maxAbs}. */
    @Override
    public double maxAbs(int n, double[] x) {
        requireVector("maxAbs", "x", x, n);
        return JavaKernels.maxAbsFrom(0, n, x, 0.0);
    }

    /** No BLAS routine: as {@link JavaKernels#relu}. */
    @Override
    public double relu(int n, double[] z, double[] a) {
        requireVector("relu", "z", z, n);
        requireVector("relu", "a", a, n);
        writing(a);
        return JavaKernels.reluFrom(0, n, z, a, 0.0);
    }

    /** No BLAS routine: as {@link JavaKernels#reluDerivative}. */
    @Override
    public void reluDerivative(int n, double[] z, double[] delta) {
        requireVector("reluDerivative", "z", z, n);
        requireVector("reluDerivative", "delta", delta, n);
        writing(delta);
        JavaKernels.reluDerivativeFrom(0, n, z, delta);
    }

    /** No BLAS routine: as {@link JavaKernels#tanh}. */
    @Override
    public double tanh(int n, double[] z, double[] a) {
        requireVector("tanh", "z", z, n);
        requireVector("tanh", "a", a, n);
        writing(a);
        return JavaKernels.tanhFrom(0, n, z, a, 0.0);
    }
}
