package dev.streamgrad.serde.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.serde.DoubleLists;
import dev.streamgrad.serde.avro.LabeledEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The hand-written LabeledEvent decoder against Avro's own reader: same events, unboxed arrays. */
class LabeledEventReaderTest {
    private static final Schema SCHEMA = LabeledEvent.getClassSchema();
    private static final double[] AWKWARD = {-0.0, 0.0, Double.NaN, Double.longBitsToDouble(0x7ff8_0000_dead_beefL),
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e-310, Double.MAX_VALUE};

    @Test
    void agreesWithAvroOnRandomEventsInEveryBlockLayout() throws IOException {
        Random random = new Random(11);
        for (int trial = 0; trial < 500; trial++) {
            LabeledEvent event = randomEvent(random);
            for (boolean blocked : new boolean[] {false, true}) {
                byte[] bytes = encode(event, blocked);
                LabeledEvent expected = avro(SCHEMA, bytes);
                BoundedBinaryDecoder in = new BoundedBinaryDecoder(bytes, 0, bytes.length);
                LabeledEvent actual = LabeledEventReader.read(in);
                assertEquals(0, in.remaining(), "trial " + trial);
                assertEquals(expected, actual, "trial " + trial);
                assertSameBits(expected.getFeatures(), actual.getFeatures());
                if (expected.getTarget() instanceof List<?> t) {
                    assertSameBits(castDoubles(t), castDoubles((List<?>) actual.getTarget()));
                } else if (expected.getTarget() != null) {
                    assertEquals(expected.getTarget().getClass(), actual.getTarget().getClass());
                }
                assertInstanceOf(DoubleArrayList.class, actual.getFeatures());
            }
        }
    }

    @Test
    void codecTakesTheUnboxedPathForTheShippedWriterSchemaOnly() throws IOException {
        AvroCodec codec = new AvroCodec();
        LabeledEvent event = LabeledEvent.newBuilder().setFeatures(List.of(1.0, 2.0, 3.0)).setTarget(List.of(0.5))
                .setId("e").setWeight(2.0).setEventTime(Instant.ofEpochMilli(5)).build();
        byte[] bytes = encode(event, false);
        LabeledEvent decoded = codec.decode(bytes, 0, SCHEMA, SCHEMA, true);
        assertEquals(event, decoded);
        assertInstanceOf(DoubleArrayList.class, decoded.getFeatures());
        assertInstanceOf(DoubleArrayList.class, decoded.getTarget());

        // the same layout with other docs, defaults and no logical type: the same bytes, so the same path
        Schema reworded = new Schema.Parser().parse(SCHEMA.toString().replace("The input vector x.", "x")
                .replace(",\"logicalType\":\"timestamp-millis\"", ""));
        assertTrue(LabeledEventReader.reads(reworded, SCHEMA));
        assertEquals(event, codec.decode(bytes, 0, reworded, SCHEMA, true));

        GenericRecord generic = codec.decode(bytes, 0, SCHEMA, SCHEMA, false);   // GenericRecord: Avro's reader
        assertFalse(generic.get("features") instanceof DoubleArrayList);
    }

    @Test
    void evolvedWriterSchemasGoThroughAvroAndAgreeWithIt() throws IOException {
        Random random = new Random(5);
        List<Schema> writers = List.of(
                // an older writer: no eventTime, no weight
                parse("{\"type\":\"record\",\"name\":\"LabeledEvent\",\"namespace\":\"dev.streamgrad.serde.avro\","
                        + "\"fields\":[{\"name\":\"features\",\"type\":{\"type\":\"array\",\"items\":\"double\"}},"
                        + "{\"name\":\"target\",\"type\":[\"null\",\"double\",\"int\","
                        + "{\"type\":\"array\",\"items\":\"double\"}],\"default\":null},"
                        + "{\"name\":\"id\",\"type\":[\"null\",\"string\"],\"default\":null}]}"),
                // a newer writer: extra string and bytes fields, which the reader skips (BoundedBinaryDecoder's skips)
                parse("{\"type\":\"record\",\"name\":\"LabeledEvent\",\"namespace\":\"dev.streamgrad.serde.avro\","
                        + "\"fields\":[{\"name\":\"source\",\"type\":\"string\"},"
                        + "{\"name\":\"features\",\"type\":{\"type\":\"array\",\"items\":\"double\"}},"
                        + "{\"name\":\"blob\",\"type\":\"bytes\"},"
                        + "{\"name\":\"target\",\"type\":[\"null\",\"int\"],\"default\":null}]}"),
                // another writer: fields in another order, a narrower target union
                parse("{\"type\":\"record\",\"name\":\"LabeledEvent\",\"namespace\":\"dev.streamgrad.serde.avro\","
                        + "\"fields\":[{\"name\":\"id\",\"type\":[\"null\",\"string\"],\"default\":null},"
                        + "{\"name\":\"features\",\"type\":{\"type\":\"array\",\"items\":\"double\"}},"
                        + "{\"name\":\"target\",\"type\":[\"null\",\"int\"],\"default\":null},"
                        + "{\"name\":\"weight\",\"type\":[\"null\",\"double\"],\"default\":null}]}"));
        AvroCodec codec = new AvroCodec();
        for (Schema writer : writers) {
            assertFalse(LabeledEventReader.reads(writer, SCHEMA), writer.toString());
            for (int trial = 0; trial < 50; trial++) {
                GenericRecord record = randomRecord(writer, random);
                byte[] bytes = encodeGeneric(writer, record);
                LabeledEvent expected = avro(writer, bytes);
                LabeledEvent actual = codec.decode(bytes, 0, writer, SCHEMA, true);
                assertEquals(expected, actual);
                assertArrayEquals(DoubleLists.toArray(expected.getFeatures()), DoubleLists.toArray(actual.getFeatures()));
            }
        }
    }

    @Test
    void everyTruncationIsAnEofAndABadUnionIndexIsCorrupt() throws IOException {
        LabeledEvent event = LabeledEvent.newBuilder().setFeatures(List.of(1.0, 2.0)).setTarget(List.of(3.0, 4.0))
                .setId("abc").setWeight(1.5).setEventTime(Instant.ofEpochMilli(99)).build();
        byte[] bytes = encode(event, false);
        for (int length = 0; length < bytes.length; length++) {
            int n = length;
            assertThrows(java.io.EOFException.class,
                    () -> LabeledEventReader.read(new BoundedBinaryDecoder(bytes, 0, n)), "length " + n);
        }
        byte[] badIndex = encode(LabeledEvent.newBuilder().setFeatures(List.of()).build(), false);
        badIndex[1] = 8;   // the target's union index, zig-zag 4: there are 4 branches
        BoundedBinaryDecoder.CorruptDataException e = assertThrows(BoundedBinaryDecoder.CorruptDataException.class,
                () -> LabeledEventReader.read(new BoundedBinaryDecoder(badIndex, 0, badIndex.length)));
        assertTrue(e.getMessage().contains("target"), e.getMessage());
    }

    @Test
    void aCorruptBlockCountIsRefusedBeforeAnythingIsSizedForIt() throws IOException {
        // features: a block that claims 900,000 doubles (within the item budget of 1,000,000 zero-byte items) in a
        // datum of a few bytes. Sizing the list from the count first would allocate 7.2 MB before finding out.
        ByteBuffer bytes = ByteBuffer.allocate(16);
        long count = 900_000;
        for (long zz = count << 1; ; zz >>>= 7) {   // zig-zag varint of a positive long
            if (zz < 0x80) {
                bytes.put((byte) zz);
                break;
            }
            bytes.put((byte) (zz & 0x7f | 0x80));
        }
        bytes.putDouble(1.0);
        byte[] datum = Arrays.copyOf(bytes.array(), bytes.position());
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        java.io.EOFException e = assertThrows(java.io.EOFException.class,
                () -> LabeledEventReader.read(new BoundedBinaryDecoder(datum, 0, datum.length)));
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(e.getMessage().contains("array<double> block"), e.getMessage());
        assertTrue(allocated < 1_000_000, "allocated " + allocated + " bytes for a corrupt count");
    }

    @Test
    void doubleListsReadBothKindsOfListAlike() throws IOException {
        DoubleArrayList unboxed = new DoubleArrayList(1);
        byte[] block = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.0).putDouble(-0.0)
                .putDouble(3.5).array();
        unboxed.appendBlock(new BoundedBinaryDecoder(block, 0, block.length), 3);
        List<Double> boxed = Arrays.asList(1.0, -0.0, 3.5);
        assertEquals(boxed, unboxed);
        assertArrayEquals(DoubleLists.toArray(boxed), DoubleLists.toArray(unboxed));
        assertEquals(-1, DoubleLists.firstOutside(unboxed, Double.MAX_VALUE));
        unboxed.set(2, Double.NaN);
        assertEquals(2, DoubleLists.firstOutside(unboxed, Double.MAX_VALUE));
        assertEquals(1, DoubleLists.firstOutside(Arrays.asList(0.0, null), Double.MAX_VALUE));
        assertEquals(0, DoubleLists.firstOutside(List.of(Double.NEGATIVE_INFINITY), Double.MAX_VALUE));
        assertEquals(1, DoubleLists.firstOutside(List.of(1e150, -1e151, Double.NaN), 1e150), "the first one outside");
        assertThrows(IndexOutOfBoundsException.class, () -> unboxed.getDouble(3));
        assertThrows(UnsupportedOperationException.class, () -> unboxed.add(1.0));
    }

    private static LabeledEvent randomEvent(Random random) {
        int n = random.nextInt(8) == 0 ? random.nextInt(1000) : random.nextInt(20);
        LabeledEvent.Builder b = LabeledEvent.newBuilder().setFeatures(randomDoubles(random, n));
        switch (random.nextInt(4)) {
            case 1 -> b.setTarget(randomDouble(random));
            case 2 -> b.setTarget(random.nextInt());
            case 3 -> b.setTarget(randomDoubles(random, random.nextInt(12)));
            default -> b.setTarget(null);
        }
        b.setId(random.nextBoolean() ? null : random.nextBoolean() ? "e-" + random.nextLong() : "ünï-" + (char) 0x20ac);
        b.setWeight(random.nextBoolean() ? null : randomDouble(random));
        b.setEventTime(random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextLong() >> 20));
        return b.build();
    }

    private static GenericRecord randomRecord(Schema writer, Random random) {
        GenericData.Record r = new GenericData.Record(writer);
        for (Schema.Field f : writer.getFields()) {
            Object v = switch (f.name()) {
                case "features" -> new GenericData.Array<>(f.schema(), randomDoubles(random, random.nextInt(30)));
                case "target" -> random.nextBoolean() ? null : (Object) random.nextInt(10);
                case "id" -> random.nextBoolean() ? null : "id-" + random.nextInt();
                case "weight" -> random.nextBoolean() ? null : random.nextDouble();
                case "source" -> "src-" + random.nextInt();
                case "blob" -> java.nio.ByteBuffer.wrap(new byte[random.nextInt(20)]);
                default -> throw new IllegalStateException(f.name());
            };
            r.put(f.name(), v);
        }
        return r;
    }

    private static double randomDouble(Random random) {
        return random.nextInt(10) == 0 ? AWKWARD[random.nextInt(AWKWARD.length)] : random.nextGaussian() * 1e3;
    }

    private static List<Double> randomDoubles(Random random, int n) {
        List<Double> xs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            xs.add(randomDouble(random));
        }
        return xs;
    }

    /** @param blocked true: Avro's blocking encoder (negative counts with byte sizes, several blocks per array) */
    private static byte[] encode(LabeledEvent event, boolean blocked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Encoder encoder = blocked ? EncoderFactory.get().blockingBinaryEncoder(out, null)
                : EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<LabeledEvent>(SCHEMA, SpecificData.getForSchema(SCHEMA)).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] encodeGeneric(Schema writer, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static LabeledEvent avro(Schema writer, byte[] bytes) throws IOException {
        return new SpecificDatumReader<LabeledEvent>(writer, SCHEMA, SpecificData.getForSchema(SCHEMA))
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));   // Avro's own decoder: the reference
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    @SuppressWarnings("unchecked")
    private static List<Double> castDoubles(List<?> list) {
        return (List<Double>) list;
    }

    private static void assertSameBits(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(expected.get(i)), Double.doubleToRawLongBits(actual.get(i)),
                    "element " + i);
        }
    }
}
