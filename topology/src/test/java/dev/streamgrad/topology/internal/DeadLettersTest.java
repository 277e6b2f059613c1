package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Dead letters copy at most the bound of key + value bytes (key first) and say what the originals were. */
class DeadLettersTest {
    private static final Rejection WHY = new Rejection(DeadLetterReason.MALFORMED_BYTES, "bad", 7, "f");
    private static final SourceHeaders ORIGIN = new SourceHeaders("in", 2, 40L);

    @Test
    void aSmallRecordIsCopiedWhole() {
        DeadLetter d = new DeadLetters(100).of(WHY, ORIGIN, new byte[] {1, 2}, new byte[] {3, 4, 5}, 9L);
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2}), d.getKey());
        assertEquals(ByteBuffer.wrap(new byte[] {3, 4, 5}), d.getValue());
        assertEquals(2, d.getKeySize());
        assertEquals(3, d.getValueSize());
        assertFalse(d.getTruncated());
        assertEquals(7, d.getSchemaId());
        assertEquals("f", d.getField());
        assertEquals(40L, d.getSourceOffset());
    }

    @Test
    void aLargeRecordIsCutToTheBoundKeyFirst() {
        byte[] key = new byte[30];
        byte[] value = new byte[1000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        DeadLetter d = new DeadLetters(100).of(WHY, ORIGIN, key, value, 9L);
        assertEquals(30, d.getKey().remaining());
        assertEquals(ByteBuffer.wrap(value, 0, 70), d.getValue());
        assertEquals(1000, d.getValueSize());
        assertTrue(d.getTruncated());
        byte[] encoded = StreamgradSerdes.singleObject(DeadLetter.class).serializer().serialize("dlq", d);
        assertTrue(encoded.length < 100 + 200, "the encoded dead letter is bounded too: " + encoded.length);
        DeadLetter keyOnly = new DeadLetters(10).of(WHY, ORIGIN, key, value, 9L);
        assertEquals(10, keyOnly.getKey().remaining());
        assertEquals(0, keyOnly.getValue().remaining());
    }

    @Test
    void noKeyOrValueStaysNull() {
        DeadLetter d = new DeadLetters(0).of(WHY, new SourceHeaders(null, -1, -1L), null, null, -1L);
        assertNull(d.getKey());
        assertNull(d.getValue());
        assertNull(d.getKeySize());
        assertNull(d.getSourcePartition());
        assertNull(d.getTimestamp());
        assertFalse(d.getTruncated());
    }
}
