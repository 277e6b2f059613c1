package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.WeightsJson;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No allocation per event on the zero-allocation paths; class-index targets; the weights JSON layout. */
class HotPathTest {

    static List<OptimizerSpec> optimizers() {
        return Fixtures.optimizers();
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void learnAndPredictAllocateNothingPerEvent(OptimizerSpec opt) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        NetworkSpec spec = NetworkSpec.builder().layers("8,16:tanh,4:relu,3:softmax").loss("cross_entropy")
                .optimizer(opt).scaling(true).clipNorm(opt.type().ordinal() % 2 == 0 ? 0 : 1).l2(1e-4).build();
        Model m = Model.create(spec, new JavaKernels());
        double[][] data = Fixtures.data(spec, 64, 1);
        double[] x = new double[8];
        double[] p = new double[3];
        Runnable work = () -> {
            for (int r = 0; r < 64; r++) {
                System.arraycopy(data[0], r * 8, x, 0, 8);
                m.learn(x, r % 3, p);
                m.predict(x, p);
            }
            m.learnBatch(16, data[0], data[1], null);
        };
        for (int i = 0; i < 300; i++) {
            work.run(); // warm up (JIT, batch buffers)
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 50; i++) {
            work.run();
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        // 50 × 64 events: a per-event allocation of even one small array would show as > 100 kB.
        assertTrue(allocated < 16_384, "allocated " + allocated + " bytes over 3,200 events and 50 batches");
    }

    @Test
    void classIndexTargetsEqualOneHotVectors() {
        NetworkSpec spec = NetworkSpec.builder().layers("4,5:tanh,3:softmax").loss("cross_entropy")
                .optimizer(OptimizerSpec.adam(0.01, 0.9, 0.999, 1e-8)).build();
        Model byIndex = Model.create(spec, new JavaKernels());
        Model byVector = Model.create(spec, new JavaKernels());
        Model byBatch = Model.create(spec, new JavaKernels());
        double[][] data = Fixtures.data(spec, 20, 3);
        for (int r = 0; r < 20; r++) {
            double[] x = Fixtures.row(data[0], r, 4);
            double[] y = Fixtures.row(data[1], r, 3);
            int c = y[0] == 1 ? 0 : y[1] == 1 ? 1 : 2;
            assertEquals(byVector.learn(x, y).loss(), byIndex.learn(LabeledExample.of(x, Target.classIndex(c))).loss());
            byBatch.learnBatch(1, x, new int[] {c}, null);
        }
        assertEquals(byVector.state(), byIndex.state());
        assertEquals(byVector.state(), byBatch.state());
    }

    @Test
    void weightsJsonRowsAreNOutByNIn() {
        NetworkSpec spec = NetworkSpec.builder().layers("3,2:tanh,1:identity").build();
        ModelState s = ModelState.ofWeights(spec, new double[][] {{1, 2, 3, 4, 5, 6}, {0.1, -0.2}},
                new double[][] {{7, 8}, {9}});
        String json = WeightsJson.toJson(s);
        assertTrue(json.startsWith("{\"format\":\"streamgrad-weights\",\"version\":1,\"spec\":{"), json);
        assertTrue(json.contains("\"layers\":[{\"weights\":[[1.0,2.0,3.0],[4.0,5.0,6.0]],\"bias\":[7.0,8.0],"
                + "\"activation\":\"tanh\"},{\"weights\":[[0.1,-0.2]],\"bias\":[9.0],\"activation\":\"identity\"}]"), json);
        ModelState back = WeightsJson.fromJson(json);
        assertArrayEquals(s.weights(1), back.weights(1));
        assertEquals(s, back);
    }
}
