package dev.streamgrad.serde.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

class BoundedBinaryDecoderTest {
    private static final Schema NULLS = SchemaBuilder.record("Nulls").fields()
            .name("items").type().array().items().nullType().noDefault()
            .name("after").type().intType().noDefault()
            .endRecord();

    private static byte[] encode(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AvroCodec().encode(record, out);
        return out.toByteArray();
    }

    private static GenericRecord nulls(int n) {
        GenericRecord r = new GenericData.Record(NULLS);
        r.put("items", new GenericData.Array<>(NULLS.getField("items").schema(), Collections.nCopies(n, null)));
        r.put("after", 42);
        return r;
    }

    @Test
    void skipStringAndSkipBytesSkipTheLengthPrefixToo() throws IOException {
        byte[] data = {6, 'a', 'b', 'c', 4, 1, 2, 14};
        BoundedBinaryDecoder d = new BoundedBinaryDecoder(data, 0, data.length);
        d.skipString();
        d.skipBytes();
        assertEquals(7, d.readInt());
        assertEquals(0, d.remaining());
    }

    @Test
    void anArrayOfNullsDecodesAsAvroDecodesIt() throws IOException {
        GenericRecord record = nulls(1000);
        byte[] bytes = encode(record); // 1000 items in 4 bytes: count, end, the int
        GenericRecord avro = new GenericDatumReader<GenericRecord>(NULLS)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        GenericRecord ours = new AvroCodec().decode(bytes, 0, NULLS, NULLS, false);
        assertEquals(avro, ours);
        assertEquals(1000, ((List<?>) ours.get("items")).size());
    }

    @Test
    void zeroByteItemsAreBoundedByTheConfiguredLimit() throws IOException {
        byte[] bytes = encode(nulls(100));
        assertEquals(100, ((List<?>) new AvroCodec(100).<GenericRecord>decode(bytes, 0, NULLS, NULLS, false)
                .get("items")).size());
        // bytes + limit: 4 + 95 = 99 items allowed in all
        assertThrows(EOFException.class, () -> new AvroCodec(95).decode(bytes, 0, NULLS, NULLS, false));
    }

    @Test
    void aBlockOfTwoToThe31NullsIsRefusedAtOnce() {
        // count 2^31 (zig-zag varint), then the end of the array and the int
        byte[] bytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10, 0, 84};
        assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
                assertThrows(EOFException.class, () -> new AvroCodec().decode(bytes, 0, NULLS, NULLS, false)));
    }

    @Test
    void manySmallBlocksOfNullsCannotAddUpPastTheLimit() {
        // each 2-byte block announces 1000 nulls (zig-zag 2000 = 0xd0 0x0f); 3000 blocks = 3 M items > 6000 + 1 M
        List<Byte> b = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            b.add((byte) 0xd0);
            b.add((byte) 0x0f);
        }
        b.add((byte) 0);
        b.add((byte) 84);
        byte[] bytes = new byte[b.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = b.get(i);
        }
        assertThrows(EOFException.class, () -> new AvroCodec().decode(bytes, 0, NULLS, NULLS, false));
    }

    @Test
    void aBlockWithAByteSizeIsSkippedByItsSize() throws IOException {
        Schema reader = SchemaBuilder.record("Nulls").fields().name("after").type().intType().noDefault().endRecord();
        // items: block of -2 strings with byte size 4 ("a", "b"), end; then 42
        byte[] bytes = {3, 8, 2, 'a', 2, 'b', 0, 84};
        GenericRecord avro = new GenericDatumReader<GenericRecord>(
                SchemaBuilder.record("Nulls").fields().name("items").type().array().items().stringType().noDefault()
                        .name("after").type().intType().noDefault().endRecord(), reader)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        Schema writer = SchemaBuilder.record("Nulls").fields().name("items").type().array().items().stringType()
                .noDefault().name("after").type().intType().noDefault().endRecord();
        GenericRecord ours = new AvroCodec().decode(bytes, 0, writer, reader, false);
        assertEquals(avro, ours);
        assertEquals(42, ours.get("after"));
    }

    @Test
    void nonCanonicalNumbersAreRefused() {
        byte[] intOver32Bits = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        assertThrows(BoundedBinaryDecoder.CorruptDataException.class,
                () -> new BoundedBinaryDecoder(intOver32Bits, 0, 5).readInt());
        byte[] longOver64Bits = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x03};
        assertThrows(BoundedBinaryDecoder.CorruptDataException.class,
                () -> new BoundedBinaryDecoder(longOver64Bits, 0, 10).readLong());
        byte[] maxLong = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        assertEquals(Long.MAX_VALUE, assertDoesNotThrowLong(maxLong));
    }

    private static long assertDoesNotThrowLong(byte[] bytes) {
        try {
            return new BoundedBinaryDecoder(bytes, 0, bytes.length).readLong();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
