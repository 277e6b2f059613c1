package dev.streamgrad.bench;

import java.util.Random;

/**
 * The operands of one GEMM benchmark case, from a shape string {@code "TT:mxnxk"}: the first two characters say
 * whether A and B are transposed ({@code N} or {@code T}), then m×n×k of {@code C ← op(A)·op(B)}. A and B are
 * filled from a seeded generator; C is m×n.
 *
 * @param transA whether A is stored k×m (op(A) = Aᵀ)
 * @param transB whether B is stored n×k (op(B) = Bᵀ)
 */
record GemmOperands(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {

    /** @return the operands for {@code shape}, with A and B drawn from {@code new Random(seed)} */
    static GemmOperands parse(String shape, long seed) {
        String[] p = shape.substring(3).split("x");
        int m = Integer.parseInt(p[0]);
        int n = Integer.parseInt(p[1]);
        int k = Integer.parseInt(p[2]);
        Random r = new Random(seed);
        return new GemmOperands(shape.charAt(0) == 'T', shape.charAt(1) == 'T', m, n, k,
                Backends.random(r, m * k, 1), Backends.random(r, k * n, 1), new double[m * n]);
    }
}
