package dev.streamgrad.serde.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Awkward values and the reference encoding for the hand-written writers' agreement tests. */
final class WriterCases {
    /** Signed zeros, NaNs with payloads, infinities, subnormals, extremes. */
    static final double[] AWKWARD = {-0.0, 0.0, Double.NaN, Double.longBitsToDouble(0x7ff8_0000_dead_beefL),
        Double.longBitsToDouble(0xfff0_0000_0000_0001L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, 1e-310, Double.MAX_VALUE, -1.0};
    /** Varint boundaries and extremes. */
    static final long[] LONGS = {0, 1, -1, 63, 64, -64, -65, 8191, 8192, Integer.MAX_VALUE,
        Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 2, -(1L << 56)};
    /** Empty, multi-byte UTF-8, a surrogate pair, unpaired surrogates, NUL, long. */
    static final String[] STRINGS = {"", "default", "é", "模型", "\uD83D\uDE00", "a\uD800b", "\uDC00",
        "\u0000", "x".repeat(200)};

    private WriterCases() {
    }

    static double randomDouble(Random r) {
        return r.nextInt(4) == 0 ? AWKWARD[r.nextInt(AWKWARD.length)]
                : r.nextBoolean() ? r.nextGaussian() : Double.longBitsToDouble(r.nextLong());
    }

    static long randomLong(Random r) {
        return r.nextBoolean() ? LONGS[r.nextInt(LONGS.length)] : r.nextLong();
    }

    /** A listed string, or random chars (surrogates, paired or not, included). */
    static String randomString(Random r) {
        if (r.nextBoolean()) {
            return STRINGS[r.nextInt(STRINGS.length)];
        }
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(30);
        for (int i = 0; i < n; i++) {
            s.append((char) (r.nextBoolean() ? r.nextInt(128) : r.nextInt(0x10000)));
        }
        return s.toString();
    }

    /** @return what Avro's own specific writer writes for the record (it throws where it refuses) */
    static byte[] avro(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema(), SpecificData.getForSchema(record.getSchema()))
                .write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** A writer under test: appends the record's bytes to {@code out}. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T record, ByteArrayOutputStream out);
    }

    /**
     * Asserts that Avro's writer refuses each record and that {@code writer} refuses it too, appending nothing.
     *
     * @param bad records that do not fit their schema; not modified
     */
    static <T extends SpecificRecord> void assertRefusedLikeAvro(List<T> bad, Writer<T> writer) {
        for (T record : bad) {
            assertThrows(RuntimeException.class, () -> avro(record), "Avro accepts " + record);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(7);
            assertThrows(RuntimeException.class, () -> writer.write(record, out), "accepted " + record);
            assertEquals(1, out.size(), "bytes appended for " + record);
        }
    }

    /** @return what the serde's codec writes for the record */
    static byte[] codec(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AvroCodec().encode(record, out);
        return out.toByteArray();
    }
}
