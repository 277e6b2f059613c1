package dev.streamgrad.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SingleObjectSerdeTest {

    @Test
    void shippedRecordsRoundTripWithoutARegistry() {
        Serde<LabeledEvent> events = StreamgradSerdes.singleObject(LabeledEvent.class);
        assertEquals(TestRecords.event(), events.deserializer().deserialize("t",
                events.serializer().serialize("t", TestRecords.event())));
        Serde<Prediction> preds = StreamgradSerdes.singleObject(Prediction.class);
        assertEquals(TestRecords.prediction(), preds.deserializer().deserialize("t",
                preds.serializer().serialize("t", TestRecords.prediction())));
        Serde<DeadLetter> dead = StreamgradSerdes.singleObject(DeadLetter.class);
        assertEquals(TestRecords.deadLetter(), dead.deserializer().deserialize("t",
                dead.serializer().serialize("t", TestRecords.deadLetter())));
        Serde<WeightSnapshot> snaps = StreamgradSerdes.singleObject(WeightSnapshot.class);
        assertEquals(TestRecords.snapshot().toString(), snaps.deserializer().deserialize("t",
                snaps.serializer().serialize("t", TestRecords.snapshot())).toString());
        assertNull(events.serializer().serialize("t", null));
        assertNull(events.deserializer().deserialize("t", null));
    }

    @Test
    void bytesAreExactlyAvrosOwnSingleObjectEncoding() throws Exception {
        byte[] ours = StreamgradSerdes.singleObject(Prediction.class).serializer().serialize("t", TestRecords.prediction());
        ByteBuffer avros = TestRecords.prediction().toByteBuffer();
        byte[] expected = new byte[avros.remaining()];
        avros.get(expected);
        assertArrayEquals(expected, ours);
        assertEquals(TestRecords.prediction(), Prediction.fromByteBuffer(ByteBuffer.wrap(ours)));
    }

    @Test
    void genericRecordsWithTheirOwnSchemas() {
        Schema user = SchemaBuilder.record("Reading").namespace("com.example").fields()
                .requiredDouble("temp").optionalString("site").endRecord();
        GenericRecord r = new GenericData.Record(user);
        r.put("temp", 21.5);
        r.put("site", "a");
        Serde<GenericRecord> serde = StreamgradSerdes.singleObjectGeneric(new SingleObjectEncoding(List.of(user)));
        GenericRecord back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", r));
        assertEquals(21.5, back.get("temp"));
    }

    @Test
    void badBytes() {
        Serde<LabeledEvent> serde = StreamgradSerdes.singleObject(LabeledEvent.class);
        byte[] valid = serde.serializer().serialize("t", TestRecords.event());
        assertEquals(SerdeErrorReason.WRONG_MAGIC_BYTE, reason(serde, new byte[] {0, 0, 0, 0, 1, 2}));
        assertEquals(SerdeErrorReason.WRONG_MAGIC_BYTE, reason(serde, new byte[] {(byte) 0xC3, 2}));
        byte[] unknown = valid.clone();
        unknown[5] ^= 1;
        StreamgradSerializationException e = assertThrows(StreamgradSerializationException.class,
                () -> serde.deserializer().deserialize("events", unknown));
        assertEquals(SerdeErrorReason.UNKNOWN_SCHEMA, e.reason());
        assertTrue(e.getMessage().contains("topic 'events'") && e.getMessage().contains("fingerprint"), e.getMessage());
        for (int len = 0; len < valid.length; len++) {
            byte[] cut = Arrays.copyOf(valid, len);
            SerdeErrorReason r = reason(serde, cut);
            assertEquals(SerdeErrorReason.MALFORMED_BYTES, r, "length " + len);
        }
        Random random = new Random(3);
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[10 + random.nextInt(100)];
            random.nextBytes(bytes);
            System.arraycopy(valid, 0, bytes, 0, 10);
            try {
                serde.deserializer().deserialize("t", bytes);
            } catch (StreamgradSerializationException ex) {
                assertEquals(SerdeErrorReason.MALFORMED_BYTES, ex.reason(), ex.getMessage());
            }
        }
    }

    @Test
    void aRecordOfAnotherShippedTypeDoesNotResolve() {
        byte[] prediction = StreamgradSerdes.singleObject(Prediction.class).serializer().serialize("t", TestRecords.prediction());
        assertEquals(SerdeErrorReason.INCOMPATIBLE_SCHEMA,
                reason(StreamgradSerdes.singleObject(LabeledEvent.class), prediction));
    }

    @Test
    void shippedSchemasIncludeEveryRecord() {
        List<Schema> schemas = ShippedSchemas.all();
        assertTrue(schemas.containsAll(List.of(LabeledEvent.getClassSchema(), Prediction.getClassSchema(),
                WeightSnapshot.getClassSchema(), DeadLetter.getClassSchema())));
    }

    private static SerdeErrorReason reason(Serde<LabeledEvent> serde, byte[] bytes) {
        return assertThrows(StreamgradSerializationException.class,
                () -> serde.deserializer().deserialize("t", bytes)).reason();
    }
}
