package dev.streamgrad.serde.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamgrad.serde.DoubleLists;
import dev.streamgrad.serde.avro.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The hand-written Prediction writer against Avro's own writer: the same bytes, or the same refusal. */
class PredictionWriterTest {
    private static final double[] AWKWARD = {-0.0, 0.0, Double.NaN, Double.longBitsToDouble(0x7ff8_0000_dead_beefL),
        Double.longBitsToDouble(0xfff0_0000_0000_0001L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, 1e-310, Double.MAX_VALUE, -1.0};
    private static final long[] LONGS = {0, 1, -1, 63, 64, -64, -65, 8191, 8192, Integer.MAX_VALUE,
        Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 2, -(1L << 56)};
    private static final String[] STRINGS = {"", "default", "é", "模型", "\uD83D\uDE00", "a\uD800b", "\uDC00",
        "\u0000", "x".repeat(200)};

    @Test
    void writesAvrosBytesForRandomPredictions() throws IOException {
        Random random = new Random(23);
        for (int trial = 0; trial < 3000; trial++) {
            Prediction p = randomPrediction(random);
            byte[] expected = avro(p);
            assertArrayEquals(expected, mine(p), "trial " + trial + ": " + p);
            // The same values in a primitive-backed list (what the learner builds) give the same bytes.
            double[] values = p.getOutput().stream().mapToDouble(Double::doubleValue).toArray();
            Prediction unboxed = Prediction.newBuilder(p).setOutput(DoubleLists.of(values)).build();
            assertArrayEquals(expected, mine(unboxed), "trial " + trial + " unboxed");
            assertArrayEquals(expected, codec(unboxed), "trial " + trial + " through AvroCodec");
        }
    }

    @Test
    void refusesWhatAvroRefusesAndAppendsNothing() {
        Prediction ok = Prediction.newBuilder().setModelId("m").setModelVersion(1).setOutput(List.of(1.0)).build();
        List<Double> withNull = new ArrayList<>(Arrays.asList(1.0, null, 2.0));
        List<Prediction> bad = List.of(
                Prediction.newBuilder(ok).build(),   // replaced field by field below
                Prediction.newBuilder(ok).build(),
                Prediction.newBuilder(ok).build(),
                Prediction.newBuilder(ok).build());
        bad.get(0).setModelId(null);
        bad.get(1).setOutput(null);
        bad.get(2).setOutput(withNull);
        bad.get(3).setEventTime(Instant.MAX);   // its epoch milliseconds overflow a long
        for (Prediction p : bad) {
            assertThrows(RuntimeException.class, () -> avro(p), "Avro accepts " + p);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(7);
            assertThrows(RuntimeException.class, () -> PredictionWriter.write(p, out), "accepted " + p);
            assertEquals(1, out.size(), "bytes appended for " + p);
        }
    }

    @Test
    void aLargeOutputGrowsTheBuffer() throws IOException {
        double[] big = new double[100_000];
        Arrays.setAll(big, i -> i * 0.5 - 7);
        Prediction p = Prediction.newBuilder().setModelId("m".repeat(5000)).setModelVersion(-3)
                .setOutput(DoubleLists.of(big)).setEventId("e".repeat(70_000)).build();
        assertArrayEquals(avro(p), mine(p));
    }

    private static Prediction randomPrediction(Random r) {
        int n = r.nextInt(4) == 0 ? 0 : r.nextInt(r.nextBoolean() ? 3 : 40);
        List<Double> output = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            output.add(r.nextInt(4) == 0 ? AWKWARD[r.nextInt(AWKWARD.length)]
                    : r.nextBoolean() ? r.nextGaussian() : Double.longBitsToDouble(r.nextLong()));
        }
        Prediction.Builder b = Prediction.newBuilder()
                .setModelId(r.nextBoolean() ? STRINGS[r.nextInt(STRINGS.length)] : randomString(r))
                .setModelVersion(r.nextBoolean() ? LONGS[r.nextInt(LONGS.length)] : r.nextLong())
                .setOutput(output);
        if (r.nextBoolean()) {
            b.setPredictedClass(r.nextBoolean() ? (int) LONGS[r.nextInt(10)] : r.nextInt());
        }
        if (r.nextBoolean()) {
            b.setLoss(r.nextBoolean() ? AWKWARD[r.nextInt(AWKWARD.length)] : r.nextDouble());
        }
        if (r.nextBoolean()) {
            b.setEventId(r.nextBoolean() ? STRINGS[r.nextInt(STRINGS.length)] : randomString(r));
        }
        if (r.nextBoolean()) {
            long ms = r.nextBoolean() ? LONGS[r.nextInt(LONGS.length)] / 1000 : r.nextLong() / 1000;
            b.setEventTime(Instant.ofEpochMilli(ms));
        }
        return b.build();
    }

    /** Random code points, surrogates (paired or not) included. */
    private static String randomString(Random r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(30);
        for (int i = 0; i < n; i++) {
            s.append((char) (r.nextBoolean() ? r.nextInt(128) : r.nextInt(0x10000)));
        }
        return s.toString();
    }

    private static byte[] avro(Prediction p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<Prediction>(Prediction.getClassSchema(),
                SpecificData.getForSchema(Prediction.getClassSchema())).write(p, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] mine(Prediction p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PredictionWriter.write(p, out);
        return out.toByteArray();
    }

    private static byte[] codec(Prediction p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AvroCodec().encode(p, out);
        return out.toByteArray();
    }
}
