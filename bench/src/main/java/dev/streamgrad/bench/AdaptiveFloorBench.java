package dev.streamgrad.bench;

import dev.streamgrad.model.kernel.Kernels;
import dev.streamgrad.model.kernel.StepRule;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How close the per-event Adam and Adagrad steps are to the floor that the float64 contract sets: one correctly
 * rounded square root and one division per weight (MATH.md: θ ← θ − η m̂/(√v̂ + ε), and Adagrad's θ ← θ − η g/(√s + ε)).
 * Per layer (rows×cols of W), in calls per second, with the auto backend as a model uses it:
 * <ul>
 *   <li>{@code sgdStep}: plain SGD's fused backward step ({@code backpropUpdate}: prev = Wᵀδ and W ← W − ηδxᵀ);</li>
 *   <li>{@code adamStep}, {@code adagradStep}: the same step with the adaptive rule ({@code backpropStep}), Adam
 *       past t ≈ 37,000 where both bias corrections are exactly 1 (the rate a long-running stream sees);</li>
 *   <li>{@code divSqrtFloor}: only w ← w − c·m/(√v + ε) over as many weights, in 4-lane vectors: reads two arrays,
 *       writes one, and has the division and the square root that no bit-identical step can avoid.</li>
 * </ul>
 * {@code adamStep / divSqrtFloor} near 1 says Adam's step costs what its division and square root cost; the ratio
 * of either to {@code sgdStep} is then the most any kernel could give Adam against SGD on that layer. The floor's
 * operands are arranged so that √v + ε and the quotient stay normal numbers (no slow subnormal path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AdaptiveFloorBench {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    /** Past this step both of Adam's bias corrections (β1 = 0.9, β2 = 0.999) round to 1. */
    private static final long LATE_STEP = 1_000_000;

    @Param({"128x64", "256x784"})
    public String layer;

    private Kernels k;
    private LayerOperands op;
    private double[][] adamSlots;
    private double[][] adagradSlots;
    private double[] num;
    private double[] den;
    private final StepRule adam = StepRule.adam(0.9, 0.999, 1e-8);
    private final StepRule adagrad = StepRule.adagrad(1e-10);

    @Setup(Level.Trial)
    public void setUp() {
        k = Backends.get("auto");
        Random r = new Random(1);
        op = LayerOperands.parse(layer, r);
        int weights = op.m() * op.n();
        adamSlots = new double[][] {new double[weights], new double[weights]};
        adagradSlots = new double[][] {new double[weights]};
        num = Backends.random(r, weights, 1e-3);
        den = new double[weights];
        for (int i = 0; i < den.length; i++) {
            den[i] = 1e-6 + r.nextDouble() * 1e-6;   // a second moment's scale; its root stays normal
        }
    }

    /** Plain SGD's fused backward step on the layer (the reference). */
    @Benchmark
    public void sgdStep(Blackhole bh) {
        op.backpropUpdate(k);
        bh.consume(op.prev());
    }

    /** Adam's fused backward step on the layer, late in a stream (bias corrections exactly 1). */
    @Benchmark
    public void adamStep(Blackhole bh) {
        adaptiveStep(adam, adamSlots);
        bh.consume(op.prev());
    }

    /** Adagrad's fused backward step on the layer. */
    @Benchmark
    public void adagradStep(Blackhole bh) {
        adaptiveStep(adagrad, adagradSlots);
        bh.consume(op.prev());
    }

    private void adaptiveStep(StepRule rule, double[][] slots) {
        k.backpropStep(op.m(), op.n(), op.w(), op.delta(), op.x(), rule, 1e-9, 0.0, LATE_STEP, slots, op.prev());
    }

    /** The division and square root per weight, alone: w ← w − c·num/(√den + ε) over m·n weights. */
    @Benchmark
    public double divSqrtFloor() {
        DoubleVector c = DoubleVector.broadcast(S, 1e-12);
        DoubleVector eps = DoubleVector.broadcast(S, 1e-8);
        double[] w = op.w();
        int len = w.length;
        int j = 0;
        for (; j <= len - S.length(); j += S.length()) {
            DoubleVector q = c.mul(DoubleVector.fromArray(S, num, j))
                    .div(DoubleVector.fromArray(S, den, j).lanewise(VectorOperators.SQRT).add(eps));
            DoubleVector.fromArray(S, w, j).sub(q).intoArray(w, j);
        }
        for (; j < len; j++) {
            w[j] -= 1e-12 * num[j] / (Math.sqrt(den[j]) + 1e-8);
        }
        return w[0];
    }
}
