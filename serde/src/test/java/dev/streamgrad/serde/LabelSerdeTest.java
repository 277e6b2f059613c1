package dev.streamgrad.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Label;
import dev.streamgrad.serde.registry.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The late-label record: both wire formats, bounded decoding, and the new dead-letter reasons. */
class LabelSerdeTest {
    private static final String SCOPE = "LabelSerdeTest";

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private static List<Label> labels() {
        return List.of(
                Label.newBuilder().setEventId("e-1").setTarget(0.25).build(),
                Label.newBuilder().setEventId("e-2").setTarget(3).setModelId("device-7")
                        .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L)).build(),
                Label.newBuilder().setEventId("é-3").setTarget(List.of(0.0, -0.0, 1e-310)).build());
    }

    @Test
    void labelsRoundTripInTheRegistryWireFormatAndItsSchemaIsRegistered() {
        Serde<Label> serde = StreamgradSerdes.specific(Label.class, Map.of("schema.registry.url", "mock://" + SCOPE),
                false);
        for (Label l : labels()) {
            byte[] bytes = serde.serializer().serialize("labels", l);
            assertEquals(0, bytes[0]);
            assertEquals(l, serde.deserializer().deserialize("labels", bytes));
        }
        assertEquals(List.of("labels-value"), MockSchemaRegistry.clientForScope(SCOPE).subjects());
        assertEquals(Label.getClassSchema(), MockSchemaRegistry.clientForScope(SCOPE).latest("labels-value").schema());
    }

    @Test
    void labelsRoundTripInSingleObjectEncodingAsAvroWritesIt() throws Exception {
        Serde<Label> serde = StreamgradSerdes.singleObject(Label.class);
        for (Label l : labels()) {
            byte[] ours = serde.serializer().serialize("labels", l);
            ByteBuffer avros = l.toByteBuffer();
            byte[] expected = new byte[avros.remaining()];
            avros.get(expected);
            assertEquals(Arrays.toString(expected), Arrays.toString(ours));
            assertEquals(l, serde.deserializer().deserialize("labels", ours));
        }
        assertTrue(ShippedSchemas.current().contains(Label.getClassSchema()));
    }

    @Test
    void truncatedOrHostileLabelBytesAreRefusedWithAReason() throws Exception {
        Serde<Label> serde = StreamgradSerdes.singleObject(Label.class);
        byte[] ok = serde.serializer().serialize("labels", labels().get(1));
        StreamgradSerializationException truncated = assertThrows(StreamgradSerializationException.class,
                () -> serde.deserializer().deserialize("labels", Arrays.copyOf(ok, ok.length - 3)));
        assertEquals(SerdeErrorReason.MALFORMED_BYTES, truncated.reason());
        // an eventId declaring 2^30 bytes in a 20-byte record: refused before anything is allocated
        byte[] header = Arrays.copyOf(ok, 10);
        byte[] hostile = Arrays.copyOf(header, 20);
        hostile[10] = (byte) 0x80;
        hostile[11] = (byte) 0x80;
        hostile[12] = (byte) 0x80;
        hostile[13] = (byte) 0x80;
        hostile[14] = (byte) 0x08;   // zig-zag varint of 2^30
        StreamgradSerializationException huge = assertThrows(StreamgradSerializationException.class,
                () -> serde.deserializer().deserialize("labels", hostile));
        assertEquals(SerdeErrorReason.MALFORMED_BYTES, huge.reason());
        assertEquals(SerdeErrorReason.WRONG_MAGIC_BYTE, assertThrows(StreamgradSerializationException.class,
                () -> serde.deserializer().deserialize("labels", new byte[] {1, 2, 3})).reason());
        assertNull(serde.deserializer().deserialize("labels", null));
    }

    @Test
    void theNewReasonsComeLastAndOlderDeadLettersStillDecode() throws Exception {
        List<String> symbols = DeadLetterReason.getClassSchema().getEnumSymbols();
        // Appended after the symbols of the previous schema (later symbols, e.g. the replicated mode's, follow them).
        int other = symbols.indexOf("OTHER");
        assertEquals(14, other, "the first 15 symbols never move");
        assertEquals(List.of("OTHER", "VALUE_TOO_LARGE", "LABEL_EXPIRED", "FEATURES_EXPIRED"),
                symbols.subList(other, other + 4));
        // A dead letter written by the previous DeadLetter schema (kept in the schema history) decodes.
        Schema v2 = ShippedSchemas.history().stream()
                .filter(s -> s.getName().equals("DeadLetter")
                        && s.getField("reason").schema().getEnumSymbols().contains("VALUE_TOO_LARGE")
                        && !s.getField("reason").schema().getEnumSymbols().contains("LABEL_EXPIRED"))
                .findFirst().orElseThrow();
        GenericData.Record old = new GenericData.Record(v2);
        for (Schema.Field f : v2.getFields()) {
            old.put(f.name(), f.hasDefaultValue() ? GenericData.get().getDefaultValue(f) : null);
        }
        old.put("reason", new GenericData.EnumSymbol(v2.getField("reason").schema(), "VALUE_TOO_LARGE"));
        old.put("message", "too large");
        byte[] bytes = new BinaryMessageEncoder<GenericData.Record>(GenericData.get(), v2).encode(old).array();
        DeadLetter read = StreamgradSerdes.singleObject(DeadLetter.class).deserializer().deserialize("dl", bytes);
        assertEquals(DeadLetterReason.VALUE_TOO_LARGE, read.getReason());
        // and the new reasons round trip
        DeadLetter expired = DeadLetter.newBuilder(read).setReason(DeadLetterReason.LABEL_EXPIRED).build();
        Serde<DeadLetter> dl = StreamgradSerdes.singleObject(DeadLetter.class);
        assertEquals(expired, dl.deserializer().deserialize("dl", dl.serializer().serialize("dl", expired)));
    }
}
