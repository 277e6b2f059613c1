package dev.streamgrad.bench;

import dev.streamgrad.model.kernel.Kernels;
import java.util.Random;

/**
 * The operands of one layer's per-event kernels, from a layer string {@code "mxn"} (rows×cols of W): W (m·n, row
 * major, entries of scale 0.05), the layer's input x (n), its error δ (m, scale 1e-3) and the error passed down,
 * prev (n). Filled from a seeded generator, in that order.
 */
record LayerOperands(int m, int n, double[] w, double[] x, double[] delta, double[] prev) {

    /**
     * @return the operands of {@code layer}, drawn from {@code r} (which then continues past them)
     * @throws IllegalArgumentException if {@code layer} is not two positive integers joined by {@code x}
     */
    static LayerOperands parse(String layer, Random r) {
        if (layer == null || !layer.matches("[1-9][0-9]{0,4}x[1-9][0-9]{0,4}")) {
            throw new IllegalArgumentException("layer must be rows x cols of W, e.g. 256x784 (each 1-99999): "
                    + layer);
        }
        String[] p = layer.split("x");
        int m = Integer.parseInt(p[0]);
        int n = Integer.parseInt(p[1]);
        if ((long) m * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("layer " + layer + " has more weights than one Java array holds");
        }
        return new LayerOperands(m, n, Backends.random(r, m * n, 0.05), Backends.random(r, n, 1),
                Backends.random(r, m, 1e-3), new double[n]);
    }

    /** Plain SGD's fused backward step: prev = Wᵀ·δ and W ← W − η·δ·xᵀ (η = 1e-9, so W stays near its values). */
    void backpropUpdate(Kernels k) {
        k.backpropUpdate(m, n, w, delta, x, 1.0, 1e-9, prev);
    }
}
