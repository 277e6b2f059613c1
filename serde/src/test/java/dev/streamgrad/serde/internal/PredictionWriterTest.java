package dev.streamgrad.serde.internal;

import static dev.streamgrad.serde.internal.WriterCases.assertRefusedLikeAvro;
import static dev.streamgrad.serde.internal.WriterCases.avro;
import static dev.streamgrad.serde.internal.WriterCases.codec;
import static dev.streamgrad.serde.internal.WriterCases.randomDouble;
import static dev.streamgrad.serde.internal.WriterCases.randomLong;
import static dev.streamgrad.serde.internal.WriterCases.randomString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.streamgrad.serde.DoubleLists;
import dev.streamgrad.serde.avro.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written Prediction writer against Avro's own writer: the same bytes, or the same refusal. */
class PredictionWriterTest {

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
        List<Prediction> bad = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bad.add(Prediction.newBuilder(ok).build());
        }
        bad.get(0).setModelId(null);
        bad.get(1).setOutput(null);
        bad.get(2).setOutput(withNull);
        bad.get(3).setEventTime(Instant.MAX);   // its epoch milliseconds overflow a long
        assertRefusedLikeAvro(bad, PredictionWriter::write);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aRawListOfOtherNumbersIsWrittenAsAvroWritesIt() throws IOException {
        List raw = new ArrayList<>(List.of(3, 2.5f, 7L, -0.0));   // heap pollution: Avro takes any Number
        Prediction p = Prediction.newBuilder().setModelId("m").setModelVersion(2).setOutput(raw).build();
        assertArrayEquals(avro(p), mine(p));
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
            output.add(randomDouble(r));
        }
        Prediction.Builder b = Prediction.newBuilder().setModelId(randomString(r)).setModelVersion(randomLong(r))
                .setOutput(output);
        if (r.nextBoolean()) {
            b.setPredictedClass((int) randomLong(r));
        }
        if (r.nextBoolean()) {
            b.setLoss(randomDouble(r));
        }
        if (r.nextBoolean()) {
            b.setEventId(randomString(r));
        }
        if (r.nextBoolean()) {
            b.setEventTime(Instant.ofEpochMilli(randomLong(r) / 1000));
        }
        return b.build();
    }

    private static byte[] mine(Prediction p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PredictionWriter.write(p, out);
        return out.toByteArray();
    }
}
