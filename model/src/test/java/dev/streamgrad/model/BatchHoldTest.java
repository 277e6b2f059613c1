package dev.streamgrad.model;

import static dev.streamgrad.model.Fixtures.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.kernel.Kernels;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelStateCodec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * learnBatch holds the weight matrices in the native backend for its passes ({@link Kernels#hold}): the bits are
 * those of the same backend without holding, for every optimiser (the fused SGD GEMM writes W inside the scope;
 * the other steps write it in Java after), and a refused batch leaves no scope open.
 */
class BatchHoldTest {

    static List<OptimizerSpec> optimizers() {
        return Fixtures.optimizers();
    }

    /** The native backend with {@link Kernels#hold} answered by "hold nothing"; every other call passes through. */
    private static Kernels withoutHold(Kernels k, AtomicInteger holds) {
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("hold")) {
                        holds.incrementAndGet();
                        return Kernels.Held.NOTHING;
                    }
                    try {
                        return method.invoke(k, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Kernels nativeKernels() {
        assertTrue(KernelFactory.nativeAvailable(), KernelFactory.describe());
        return KernelFactory.forMode(KernelMode.NATIVE);
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void holdingGivesTheSameBits(OptimizerSpec opt) {
        NetworkSpec spec = NetworkSpec.builder().layers("9,12:relu,7:tanh,3:softmax").loss("cross_entropy")
                .optimizer(opt).l2(0.001).scaling(true).seed(3).build();
        AtomicInteger holds = new AtomicInteger();
        Model held = Model.create(spec, nativeKernels());
        Model plain = Model.create(spec, withoutHold(nativeKernels(), holds));
        int m = 6;
        double[][] d = data(spec, 10 * m, 9);
        for (int b = 0; b < 10; b++) {
            double[] xs = java.util.Arrays.copyOfRange(d[0], b * m * 9, (b + 1) * m * 9);
            double[] ys = java.util.Arrays.copyOfRange(d[1], b * m * 3, (b + 1) * m * 3);
            double[] ph = new double[m * 3];
            double[] pp = new double[m * 3];
            assertEquals(plain.learnBatch(m, xs, ys, null, pp), held.learnBatch(m, xs, ys, null, ph));
            assertArrayEquals(pp, ph);
            assertEquals(plain.state(), held.state(), "batch " + b);
        }
        assertEquals(10, holds.get(), "learnBatch asked the kernels to hold once per batch");
    }

    /** A batch refused inside the scope (non-finite forward pass or step) closes it: the next batch learns. */
    @Test
    void aRefusedBatchClosesTheScope() {
        NetworkSpec spec = NetworkSpec.builder().layers("4,3:identity,2:identity").optimizer(OptimizerSpec.sgd(1e300))
                .build();
        Model m = Model.create(spec, nativeKernels());
        byte[] before = ModelStateCodec.toBytes(m.state());
        double[] huge = {1e200, -1e200, 1e200, 1e200, 1e200, 1e200, -1e200, 1e200};
        assertThrows(NonFiniteUpdateException.class, () -> m.learnBatch(2, huge, new double[] {1, 0, 0, 1}, null,
                null));
        assertArrayEquals(before, ModelStateCodec.toBytes(m.state()));
        // the scope is the thread's, in the backend the two models share: a leaked one would refuse this hold
        Model small = Model.create(NetworkSpec.builder().layers("4,3:identity,2:identity")
                .optimizer(OptimizerSpec.sgd(0.01)).build(), m.kernels());
        small.learnBatch(2, new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}, new double[] {1, 0, 0, 1}, null,
                null);
        assertEquals(1, small.updates());
    }
}
