package dev.streamgrad.serde.internal;

import static dev.streamgrad.serde.internal.WriterCases.assertRefusedLikeAvro;
import static dev.streamgrad.serde.internal.WriterCases.avro;
import static dev.streamgrad.serde.internal.WriterCases.codec;
import static dev.streamgrad.serde.internal.WriterCases.randomDouble;
import static dev.streamgrad.serde.internal.WriterCases.randomLong;
import static dev.streamgrad.serde.internal.WriterCases.randomString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamgrad.serde.DoubleLists;
import dev.streamgrad.serde.avro.LabeledEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hand-written LabeledEvent writer against Avro's own writer: the same bytes, the same refusal, or (for a target
 * it does not know) nothing written, so that the codec uses Avro's writer.
 */
class LabeledEventWriterTest {

    @Test
    void writesAvrosBytesForRandomEventsOfEveryTargetKind() throws IOException {
        Random random = new Random(29);
        for (int trial = 0; trial < 3000; trial++) {
            LabeledEvent e = randomEvent(random, random.nextBoolean());
            byte[] expected = avro(e);
            assertArrayEquals(expected, mine(e), "trial " + trial + ": " + e);
            assertArrayEquals(expected, codec(e), "trial " + trial + " through AvroCodec");
            // and the decoder reads back what was written
            BoundedBinaryDecoder in = new BoundedBinaryDecoder(expected, 0, expected.length);
            assertEquals(avroRoundTrip(e), LabeledEventReader.read(in), "trial " + trial);
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void anotherTargetTypeIsLeftToAvroWhichResolvesOrRefusesIt() throws IOException {
        LabeledEvent e = LabeledEvent.newBuilder().setFeatures(List.of(1.0, 2.0)).build();
        for (Object target : List.of(2.5f, 7L, "3", Set.of(1.0), (short) 4)) {
            e.setTarget(target);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertFalse(LabeledEventWriter.write(e, out), "wrote a " + target.getClass());
            assertEquals(0, out.size());
            byte[] avro;
            try {
                avro = avro(e);
            } catch (RuntimeException refused) {
                assertThrows(refused.getClass(), () -> codec(e), "the codec accepts a " + target.getClass());
                continue;
            }
            assertArrayEquals(avro, codec(e), "a " + target.getClass());
        }
        List raw = new ArrayList<>(List.of(3, 2.5f, -0.0));   // heap pollution: Avro takes any Number
        e.setTarget(raw);
        e.setFeatures(raw);
        assertArrayEquals(avro(e), mine(e));
    }

    @Test
    void refusesWhatAvroRefusesAndAppendsNothing() {
        List<Double> withNull = new ArrayList<>(Arrays.asList(1.0, null));
        List<LabeledEvent> bad = new ArrayList<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Double> notNumbers = (List) new ArrayList<>(List.of(1.0, "2", 3.0));   // heap pollution
        for (int i = 0; i < 6; i++) {
            bad.add(LabeledEvent.newBuilder().setFeatures(List.of(1.0)).setTarget(1.0).build());
        }
        bad.get(0).setFeatures(null);
        bad.get(1).setFeatures(withNull);
        bad.get(2).setTarget(withNull);
        bad.get(3).setEventTime(Instant.MIN);   // its epoch milliseconds overflow a long
        bad.get(4).setFeatures(notNumbers);
        bad.get(5).setTarget(notNumbers);
        assertRefusedLikeAvro(bad, (e, out) -> LabeledEventWriter.write(e, out));
    }

    private static LabeledEvent randomEvent(Random r, boolean unboxed) {
        LabeledEvent.Builder b = LabeledEvent.newBuilder().setFeatures(doubles(r, unboxed));
        switch (r.nextInt(4)) {
            case 1 -> b.setTarget(randomDouble(r));
            case 2 -> b.setTarget((int) randomLong(r));
            case 3 -> b.setTarget(doubles(r, unboxed));
            default -> b.setTarget(null);
        }
        if (r.nextBoolean()) {
            b.setId(randomString(r));
        }
        if (r.nextBoolean()) {
            b.setWeight(randomDouble(r));
        }
        if (r.nextBoolean()) {
            b.setEventTime(Instant.ofEpochMilli(randomLong(r) / 1000));
        }
        return b.build();
    }

    private static List<Double> doubles(Random r, boolean unboxed) {
        double[] v = new double[r.nextInt(4) == 0 ? 0 : r.nextInt(r.nextBoolean() ? 3 : 100)];
        for (int i = 0; i < v.length; i++) {
            v[i] = randomDouble(r);
        }
        if (unboxed) {
            return DoubleLists.of(v);
        }
        List<Double> list = new ArrayList<>(v.length);
        for (double x : v) {
            list.add(x);
        }
        return list;
    }

    private static LabeledEvent avroRoundTrip(LabeledEvent e) throws IOException {
        byte[] bytes = avro(e);
        return LabeledEventReader.read(new BoundedBinaryDecoder(bytes, 0, bytes.length));
    }

    private static byte[] mine(LabeledEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LabeledEventWriter.write(e, out);
        return out.toByteArray();
    }
}
