package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Relative-tolerance assertions. */
final class Approx {
    private Approx() {
    }

    static void rel(double expected, double actual, double tol, String what) {
        double scale = Math.max(Math.abs(expected), 1e-300);
        if (!(Math.abs(expected - actual) <= tol * scale)) {
            fail(what + ": expected " + expected + ", got " + actual + " (rel err " + Math.abs(expected - actual) / scale + ")");
        }
    }

    static void rel(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            rel(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    static double[] flat(double[][] m) {
        int c = m[0].length;
        double[] f = new double[m.length * c];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, f, i * c, c);
        }
        return f;
    }
}
