package dev.streamgrad.serde.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.registry.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * The project's decoder against Apache Avro's own resolving reader, on random writer/reader schema pairs and random
 * data: for every record both give the same value, or both refuse. Seeded, so a failure names a reproducible case.
 */
class AvroResolutionPropertyTest {
    private static final long SEED = 20261129L;
    private static final int PAIRS = 1500;
    private static final int RECORDS_PER_PAIR = 6;
    /** Writers per shipped schema (each is registered in the mock registry, which makes these slower). */
    private static final int SHIPPED_PAIRS = 100;

    /** Counts of one run. */
    private static final class Counts {
        int pairs;
        int records;
        int agreed;
        int bothRefused;
        int pairsWithRefusals;
        final List<String> disagreements = new ArrayList<>();

        @Override
        public String toString() {
            return "pairs=" + pairs + " records=" + records + " agreedValues=" + agreed + " bothRefused=" + bothRefused
                    + " pairsWithRefusals=" + pairsWithRefusals + " disagreements=" + disagreements.size();
        }
    }

    /** Avro's reference: GenericDatumReader(writer, reader) over Avro's BinaryDecoder, which must end at the end. */
    private static Object avroDecode(DatumReader<Object> reader, byte[] bytes, int offset) throws IOException {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, null);
        Object v = reader.read(null, in);
        if (!in.isEnd()) {
            throw new IOException("Avro left bytes unread");
        }
        return v;
    }

    /**
     * Bit-exact equality: both values re-encoded with the reader schema give the same bytes, and print the same.
     * (Avro's equals() compares doubles with ==, so a NaN makes a record unequal to itself.)
     */
    private static boolean same(Object a, Object b, Schema reader) {
        try {
            return encode(a, reader).equals(encode(b, reader)) && String.valueOf(a).equals(String.valueOf(b));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static ByteBuffer encode(Object datum, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        DatumWriter<Object> writer = datum instanceof SpecificRecord
                ? new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema))
                : new GenericDatumWriter<>(schema);
        writer.write(datum, encoder);
        encoder.flush();
        return ByteBuffer.wrap(out.toByteArray());
    }

    /** Decodes one record both ways and counts the outcome. */
    private static void compare(Counts counts, Supplier<String> what, Schema reader, Refusable avro,
                                Refusable ours) {
        counts.records++;
        Object expected;
        Object actual;
        Exception avroError = null;
        Exception ourError = null;
        try {
            expected = avro.get();
        } catch (Exception | StackOverflowError e) {
            expected = null;
            avroError = new Exception(e);
        }
        try {
            actual = ours.get();
        } catch (Exception e) {
            actual = null;
            ourError = e;
        }
        if (avroError != null && ourError != null) {
            counts.bothRefused++;
        } else if (avroError == null && ourError == null && same(expected, actual, reader)) {
            counts.agreed++;
        } else {
            String outcome = "Avro " + (avroError != null ? "refused (" + avroError.getCause() + ")" : "read " + expected)
                    + ", ours " + (ourError != null ? "refused (" + ourError + ")" : "read " + actual);
            counts.disagreements.add(counts.disagreements.size() < 3 ? outcome + "\n  at " + what.get()
                    : outcome.substring(0, Math.min(200, outcome.length())));
        }
    }

    @FunctionalInterface
    private interface Refusable {
        Object get() throws Exception;
    }

    @Test
    void randomWriterReaderPairsDecodeAsAvroDecodesThem() throws IOException {
        RandomAvro random = new RandomAvro(SEED, 0.08);
        Counts counts = new Counts();
        AvroCodec codec = new AvroCodec();
        for (int p = 0; p < PAIRS; p++) {
            Schema writer = random.record(3, 1 + random.random().nextInt(6));
            Schema reader = random.evolve(writer);
            counts.pairs++;
            DatumReader<Object> avro = new GenericDatumReader<>(writer, reader);
            int refusedBefore = counts.bothRefused;
            for (int r = 0; r < RECORDS_PER_PAIR; r++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                codec.encode((GenericRecord) random.datum(writer), out);
                byte[] bytes = out.toByteArray();
                int pair = p;
                int record = r;
                compare(counts, () -> "pair " + pair + " record " + record + "\n  writer " + writer + "\n  reader " + reader, reader,
                        () -> avroDecode(avro, bytes, 0), () -> codec.decode(bytes, 0, writer, reader, false));
            }
            counts.pairsWithRefusals += counts.bothRefused > refusedBefore ? 1 : 0;
        }
        System.out.println("[AvroResolutionPropertyTest] random schema pairs: " + counts);
        assertEquals(List.of(), counts.disagreements, counts.toString());
        assertEquals(PAIRS, counts.pairs);
        assertTrue(counts.agreed > counts.records / 2, "most records must decode: " + counts);
        assertTrue(counts.bothRefused > 0, "the incompatible evolutions must be refused by both: " + counts);
    }

    /**
     * Writers that evolve the shipped schemas (as a producer of LabeledEvents may), through the public serde that the
     * topology uses: the registry serializer frames the writer's data, the specific deserializer reads it into the
     * generated class. The reference is Avro's SpecificDatumReader(writer, reader).
     */
    @Test
    void writersEvolvedFromTheShippedSchemasDecodeThroughThePublicSerde() {
        RandomAvro random = new RandomAvro(SEED + 1, 0);
        Counts counts = new Counts();
        String scope = "AvroResolutionPropertyTest";
        Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope);
        try {
            for (Schema shipped : List.of(LabeledEvent.getClassSchema(), Prediction.getClassSchema(),
                    DeadLetter.getClassSchema(), WeightSnapshot.getClassSchema())) {
                Class<? extends SpecificRecord> type = Arrays.asList(LabeledEvent.class,
                        Prediction.class, DeadLetter.class, WeightSnapshot.class).stream()
                        .filter(c -> SpecificData.get().getSchema(c).equals(shipped)).findFirst().orElseThrow();
                Deserializer<?> ours = StreamgradSerdes.specific(type, config, false).deserializer();
                var writerSerde = StreamgradSerdes.generic(config, false);
                for (int p = 0; p < SHIPPED_PAIRS; p++) {
                    Schema writer = random.devolve(shipped);
                    String topic = shipped.getName() + "-" + p; // one subject per writer: no compatibility checks
                    DatumReader<Object> avro = new SpecificDatumReader<>(writer, shipped, SpecificData.getForSchema(shipped));
                    counts.pairs++;
                    for (int r = 0; r < RECORDS_PER_PAIR; r++) {
                        byte[] bytes = writerSerde.serializer().serialize(topic, (GenericRecord) random.datum(writer));
                        int pair = p;
                        int record = r;
                        compare(counts, () -> shipped.getName() + " pair " + pair + " record " + record
                                + "\n  writer " + writer,
                                shipped, () -> avroDecode(avro, bytes, 5), () -> ours.deserialize(topic, bytes));
                    }
                }
            }
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
        System.out.println("[AvroResolutionPropertyTest] writers evolved from the shipped schemas: " + counts);
        assertEquals(List.of(), counts.disagreements, counts.toString());
        assertEquals(counts.records, counts.agreed, "every evolved writer is compatible: " + counts);
    }
}
