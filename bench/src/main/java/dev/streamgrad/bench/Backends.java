package dev.streamgrad.bench;

import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.kernel.Kernels;
import java.util.Locale;
import java.util.Random;

/** Benchmark helpers: a backend by its JMH parameter name, and seeded random data. */
final class Backends {
    private Backends() {
    }

    /** @param name java, vector, native or auto; fails if the backend did not load (no silent fallback in a benchmark) */
    static Kernels get(String name) {
        KernelMode mode = KernelMode.valueOf(name.toUpperCase(Locale.ROOT));
        Kernels k = KernelFactory.forMode(mode);
        if (!k.name().equals(name)) {
            throw new IllegalStateException("backend " + name + " did not load (got " + k.name() + "): "
                    + KernelFactory.describe());
        }
        return k;
    }

    static double[] random(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian() * scale;
        }
        return v;
    }
}
