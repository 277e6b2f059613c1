package dev.streamgrad.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The encoder against the byte sequences of the protobuf encoding guide ("Encoding", protobuf.dev), and
 * {@link ProtoMessage#size()} against what is written; nested messages read back with the test's {@link ProtoReader}.
 */
class ProtoWriterTest {

    static byte[] bytes(ProtoMessage m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void varintsAreWrittenAsTheGuideShows() throws IOException {
        assertArrayEquals(hex("08 01"), bytes(new ProtoMessage().varint(1, 1)));
        assertArrayEquals(hex("08 96 01"), bytes(new ProtoMessage().varint(1, 150)));
        assertArrayEquals(hex("08 ac 02"), bytes(new ProtoMessage().varint(1, 300)));
        // a negative int32/int64 takes ten bytes (sign-extended), as protobuf writes it
        assertArrayEquals(hex("08 ff ff ff ff ff ff ff ff ff 01"), bytes(new ProtoMessage().varint(1, -1)));
        // field 16 needs a two-byte tag: (16 << 3) | 0 = 128
        assertArrayEquals(hex("80 01 05"), bytes(new ProtoMessage().varint(16, 5)));
        assertEquals(1, ProtoWriter.varintSize(0));
        assertEquals(1, ProtoWriter.varintSize(127));
        assertEquals(2, ProtoWriter.varintSize(128));
        assertEquals(9, ProtoWriter.varintSize(Long.MAX_VALUE));
        assertEquals(10, ProtoWriter.varintSize(Long.MIN_VALUE));
    }

    @Test
    void stringsMessagesAndFixedWidthValuesAreWrittenAsTheGuideShows() throws IOException {
        assertArrayEquals(hex("12 07 74 65 73 74 69 6e 67"), bytes(new ProtoMessage().string(2, "testing")));
        assertArrayEquals(hex("1a 03 08 96 01"),
                bytes(new ProtoMessage().message(3, new ProtoMessage().varint(1, 150))));
        assertArrayEquals(hex("15 00 00 80 3f"), bytes(new ProtoMessage().float32(2, 1.0f)));
        assertArrayEquals(hex("09 00 00 00 00 00 00 f0 3f"), bytes(new ProtoMessage().float64(1, 1.0)));
        // UTF-8, length in bytes not chars
        assertArrayEquals(hex("0a 02 c3 a9"), bytes(new ProtoMessage().string(1, "\u00e9")));
    }

    @Test
    void arraysAreLittleEndianAcrossChunkBoundaries() throws IOException {
        double[] v = new double[3001];                   // > one 8 KiB chunk of doubles, not a multiple of it
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble(-1e6, 1e6);
        }
        v[5] = -0.0;
        v[6] = Double.MIN_VALUE;
        byte[] d = bytes(new ProtoMessage().doublesLittleEndian(9, v));
        // tag 9/LEN = 0x4a, length 24008 = varint c8 bb 01
        assertArrayEquals(hex("4a c8 bb 01"), java.util.Arrays.copyOf(d, 4));
        ByteBuffer b = ByteBuffer.wrap(d, 4, d.length - 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(b.getDouble()));
        }
        assertEquals(0, b.remaining());

        byte[] f = bytes(new ProtoMessage().floatsLittleEndian(9, v));
        ByteBuffer fb = ByteBuffer.wrap(f, 4, f.length - 4).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3 + 4 * v.length, f.length);          // tag 1 byte, length 12004 = varint e4 5d
        assertArrayEquals(hex("4a e4 5d"), java.util.Arrays.copyOf(f, 3));
        fb.position(3);
        for (double x : v) {
            assertEquals(Float.floatToRawIntBits((float) x), Float.floatToRawIntBits(fb.getFloat()));
        }
    }

    @Test
    void sizeIsWhatIsWrittenAndNestedMessagesReadBack() throws IOException {
        double[] big = new double[40];                    // 320 bytes: a two-byte length
        big[3] = 2.5;
        ProtoMessage inner = new ProtoMessage().varint(1, 42).string(2, "x".repeat(200)).doublesLittleEndian(3, big);
        ProtoMessage outer = new ProtoMessage().varint(1, 7).message(2, inner).message(2, new ProtoMessage())
                .floatsLittleEndian(4, new double[] {1.5}).float32(5, -2f);
        byte[] b = bytes(outer);
        assertEquals(b.length, outer.size());

        List<ProtoReader.Field> top = ProtoReader.read(b);
        assertEquals(List.of(1, 2, 2, 4, 5), top.stream().map(ProtoReader.Field::number).toList());
        assertEquals(7, top.get(0).varint());
        List<ProtoReader.Field> in = ProtoReader.read(top.get(1).bytes());
        assertEquals(42, in.get(0).varint());
        assertEquals("x".repeat(200), in.get(1).string());
        assertEquals(2.5, ByteBuffer.wrap(in.get(2).bytes()).order(ByteOrder.LITTLE_ENDIAN).getDouble(24));
        assertEquals(0, top.get(2).bytes().length);
    }

    @Test
    void fieldNumbersOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> bytes(new ProtoMessage().varint(0, 1)));
        ProtoMessage m = new ProtoMessage();
        assertThrows(IllegalArgumentException.class, () -> m.message(1, m));
    }
}
