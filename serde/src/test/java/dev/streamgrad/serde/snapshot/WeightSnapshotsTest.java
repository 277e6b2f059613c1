package dev.streamgrad.serde.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.optim.OptimizerType;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.registry.MockSchemaRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeightSnapshotsTest {
    private static final String SCOPE = "WeightSnapshotsTest";
    private static final Instant TIME = Instant.ofEpochMilli(1_700_000_000_000L);

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private static Model trained(OptimizerSpec optimizer, boolean scaling, int events) {
        NetworkSpec spec = NetworkSpec.builder().inputSize(3).layer(5, "tanh").layer(4, "leaky_relu(0.01)")
                .layer(2, "identity").loss("squared_error").optimizer(optimizer).l2(1e-4).seed(11)
                .scaling(scaling).clipNorm(5.0).build();
        Model model = Model.create(spec);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < events; i++) {
            double[] x = {random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(10, 20)};
            model.learn(x, new double[] {x[0] * x[1], Math.sin(x[2])});
        }
        return model;
    }

    /** Both encodings the topology may use. */
    private static List<Serde<WeightSnapshot>> serdes() {
        return List.of(StreamgradSerdes.specific(WeightSnapshot.class, Map.of("schema.registry.url", "mock://" + SCOPE), false),
                StreamgradSerdes.singleObject(WeightSnapshot.class));
    }

    private static void assertBitIdentical(ModelState expected, ModelState actual) {
        assertEquals(expected, actual); // doubles compared as Double.equals (bits, NaNs canonicalised)
        for (int l = 1; l <= expected.depth(); l++) {
            assertBits(expected.weights(l), actual.weights(l));
            assertBits(expected.bias(l), actual.bias(l));
            for (int s = 0; s < expected.weightSlots(l).length; s++) {
                assertBits(expected.weightSlots(l)[s], actual.weightSlots(l)[s]);
                assertBits(expected.biasSlots(l)[s], actual.biasSlots(l)[s]);
            }
        }
        assertBits(expected.scalerMean(), actual.scalerMean());
        assertBits(expected.scalerM2(), actual.scalerM2());
    }

    private static void assertBits(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "index " + i);
        }
    }

    @Test
    void everyOptimiserRoundTripsBitExactThroughTheWire() {
        List<OptimizerSpec> optimizers = List.of(OptimizerSpec.sgd(0.05).withLrPower(0.5),
                OptimizerSpec.momentum(0.01, 0.9, true), OptimizerSpec.of(OptimizerType.ADAGRAD, 0.05),
                OptimizerSpec.of(OptimizerType.RMSPROP, 0.01), OptimizerSpec.adam(0.01, 0.9, 0.999, 1e-8));
        for (OptimizerSpec optimizer : optimizers) {
            for (boolean scaling : new boolean[] {false, true}) {
                ModelState state = trained(optimizer, scaling, 50).state();
                WeightSnapshot snapshot = WeightSnapshots.fromModelState("m", TIME, state, Map.of("meanLoss", 0.5));
                assertEquals(state.updates(), snapshot.getVersion());
                assertBitIdentical(state, WeightSnapshots.toModelState(snapshot));
                for (Serde<WeightSnapshot> serde : serdes()) {
                    WeightSnapshot back = serde.deserializer().deserialize("snapshots",
                            serde.serializer().serialize("snapshots", snapshot));
                    assertBitIdentical(state, WeightSnapshots.toModelState(back));
                    assertEquals(0.5, back.getMetrics().get("meanLoss"));
                }
            }
        }
    }

    @Test
    void aRestoredModelContinuesExactlyLikeTheOriginal() {
        Model original = trained(OptimizerSpec.adam(0.01, 0.9, 0.999, 1e-8), true, 30);
        Serde<WeightSnapshot> serde = StreamgradSerdes.singleObject(WeightSnapshot.class);
        byte[] bytes = serde.serializer().serialize("s",
                WeightSnapshots.fromModelState("m", TIME, original.state(), Map.of()));
        Model restored = Model.fromState(WeightSnapshots.toModelState(serde.deserializer().deserialize("s", bytes)));
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 40; i++) {
            double[] x = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            double[] y = {random.nextDouble(), random.nextDouble()};
            original.learn(x, y);
            restored.learn(x, y);
        }
        assertBitIdentical(original.state(), restored.state());
        assertArrayEquals(original.predict(new double[] {0.1, 0.2, 0.3}), restored.predict(new double[] {0.1, 0.2, 0.3}));
    }

    @Test
    void aModelOverOneMegabyteConvertsInOnePass() {
        NetworkSpec spec = NetworkSpec.builder().inputSize(784).layer(256, "relu").layer(10, "softmax")
                .loss("cross_entropy").optimizer(OptimizerSpec.adam(0.001, 0.9, 0.999, 1e-8)).seed(3).build();
        ModelState state = Model.create(spec).state();
        long start = System.nanoTime();
        for (Serde<WeightSnapshot> serde : serdes()) {
            byte[] bytes = serde.serializer().serialize("s", WeightSnapshots.fromModelState("big", TIME, state, Map.of()));
            assertTrue(bytes.length > 3 * 8 * 784 * 256, "weights + Adam m and v: " + bytes.length + " bytes");
            assertBitIdentical(state, WeightSnapshots.toModelState(serde.deserializer().deserialize("s", bytes)));
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 10_000, "two round trips of a 4.8 MB snapshot took " + ms + " ms");
    }

    @Test
    void unusualDoublesKeepTheirBits() {
        ModelState base = trained(OptimizerSpec.sgd(0.1), false, 3).state();
        double[][] w = new double[base.depth()][];
        double[][] b = new double[base.depth()][];
        for (int l = 1; l <= base.depth(); l++) {
            w[l - 1] = base.weights(l).clone();
            b[l - 1] = base.bias(l).clone();
        }
        w[0][0] = -0.0;
        w[0][1] = Double.MIN_VALUE;
        w[0][2] = Double.longBitsToDouble(0x7ff8_0000_dead_beefL); // NaN with a payload
        w[0][3] = Double.NEGATIVE_INFINITY;
        b[0][0] = 1e-310;
        ModelState odd = new ModelState(base.spec(), w, b, new double[base.depth()][0][], new double[base.depth()][0][],
                base.updates(), base.events(), 0, new double[0], new double[0]);
        for (Serde<WeightSnapshot> serde : serdes()) {
            WeightSnapshot back = serde.deserializer().deserialize("t",
                    serde.serializer().serialize("t", WeightSnapshots.fromModelState("m", TIME, odd, Map.of())));
            assertBitIdentical(odd, WeightSnapshots.toModelState(back));
        }
    }

    @Test
    void invalidSnapshotsNameTheField() {
        WeightSnapshot good = WeightSnapshots.fromModelState("m", TIME,
                trained(OptimizerSpec.adam(0.01, 0.9, 0.999, 1e-8), true, 2).state(), Map.of());

        WeightSnapshot wrongShape = WeightSnapshot.newBuilder(good).build();
        wrongShape.getLayers().get(0).setWeights(List.of(1.0));
        SnapshotFormatException shape = assertThrows(SnapshotFormatException.class, () -> WeightSnapshots.toModelState(wrongShape));
        assertTrue(shape.getMessage().contains("weights of layer 1"), shape.getMessage());

        WeightSnapshot noSlots = WeightSnapshot.newBuilder(good).build();
        noSlots.getLayers().get(1).setBiasSlots(List.of());
        SnapshotFormatException slots = assertThrows(SnapshotFormatException.class, () -> WeightSnapshots.toModelState(noSlots));
        assertTrue(slots.getMessage().contains("layers[1].biasSlots"), slots.getMessage());

        WeightSnapshot badActivation = WeightSnapshot.newBuilder(good).build();
        badActivation.getSpec().getLayers().get(0).setActivation("swish");
        assertTrue(assertThrows(SnapshotFormatException.class, () -> WeightSnapshots.toModelState(badActivation))
                .getMessage().startsWith("spec:"));

        WeightSnapshot missingLayer = WeightSnapshot.newBuilder(good).build();
        missingLayer.setLayers(List.of(good.getLayers().get(0)));
        assertThrows(SnapshotFormatException.class, () -> WeightSnapshots.toModelState(missingLayer));
    }
}
