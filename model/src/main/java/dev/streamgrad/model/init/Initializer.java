package dev.streamgrad.model.init;

import dev.streamgrad.model.activation.Activation;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Weight initialisers. Draws come from one {@link SplittableRandom} seeded by the spec, consumed layer by layer in
 * row-major order, so a seed always gives the same weights. The normal draws use Marsaglia's polar method on
 * {@code nextDouble()}, written out here so the bits do not depend on the JDK's {@code nextGaussian}.
 */
public enum Initializer {
    /** U(−r, r), r = √(6/(n_in+n_out)) (Glorot and Bengio 2010): for tanh, sigmoid, identity, softmax, softplus. */
    GLOROT_UNIFORM,
    /** N(0, 2/n_in) (He et al. 2015): for the relu family. */
    HE_NORMAL;

    /** @return the JSON name, e.g. {@code "glorot_uniform"} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static Initializer parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown initializer '" + s + "' (known: glorot_uniform, he_normal)");
        }
    }

    /** @return he_normal for relu and leaky_relu, glorot_uniform otherwise */
    public static Initializer defaultFor(Activation activation) {
        String n = activation.name();
        return n.equals("relu") || n.equals("leaky_relu") ? HE_NORMAL : GLOROT_UNIFORM;
    }

    /**
     * Fills a weight matrix.
     *
     * @param w n_out×n_in row-major, modified
     * @param rnd the generator, advanced by n_out·n_in draws (two per normal pair, see class doc)
     */
    public void fill(double[] w, int nOut, int nIn, SplittableRandom rnd) {
        int n = nOut * nIn;
        if (this == GLOROT_UNIFORM) {
            double r = Math.sqrt(6.0 / (nIn + nOut));
            for (int i = 0; i < n; i++) {
                w[i] = (2 * rnd.nextDouble() - 1) * r;
            }
        } else {
            double sd = Math.sqrt(2.0 / nIn);
            for (int i = 0; i < n; i += 2) {
                double u;
                double v;
                double s;
                do {
                    u = 2 * rnd.nextDouble() - 1;
                    v = 2 * rnd.nextDouble() - 1;
                    s = u * u + v * v;
                } while (s >= 1 || s == 0);
                double f = Math.sqrt(-2 * Math.log(s) / s);
                w[i] = sd * u * f;
                if (i + 1 < n) {
                    w[i + 1] = sd * v * f;
                }
            }
        }
    }
}
