package dev.streamgrad.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.registry.InMemorySchemaRegistryClient;
import dev.streamgrad.serde.registry.MockSchemaRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private static final String SCOPE = "AvroSerdeTest";
    private static final Map<String, Object> CONFIG = Map.of("schema.registry.url", "mock://" + SCOPE);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private static <T extends SpecificRecord> T roundTrip(Class<T> type, T record) {
        AvroSerde<T> serde = StreamgradSerdes.specific(type, CONFIG, false);
        String topic = type.getSimpleName(); // one record type per topic under the default TopicNameStrategy
        byte[] bytes = serde.serializer().serialize(topic, record);
        assertEquals(0, bytes[0]);
        return serde.deserializer().deserialize(topic, bytes);
    }

    @Test
    void everyShippedRecordRoundTrips() {
        assertEquals(TestRecords.event(), roundTrip(LabeledEvent.class, TestRecords.event()));
        assertEquals(TestRecords.prediction(), roundTrip(Prediction.class, TestRecords.prediction()));
        assertEquals(TestRecords.deadLetter(), roundTrip(DeadLetter.class, TestRecords.deadLetter()));
        WeightSnapshot snapshot = TestRecords.snapshot();
        WeightSnapshot back = roundTrip(WeightSnapshot.class, snapshot);
        // bit-exact doubles (equals() would treat NaN payloads loosely)
        for (int l = 0; l < snapshot.getLayers().size(); l++) {
            List<Double> a = snapshot.getLayers().get(l).getWeights();
            List<Double> b = back.getLayers().get(l).getWeights();
            for (int i = 0; i < a.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(a.get(i)), Double.doubleToRawLongBits(b.get(i)));
            }
        }
        assertEquals(snapshot.toString(), back.toString());
    }

    @Test
    void unlabeledEventWithOnlyFeaturesRoundTrips() {
        LabeledEvent e = LabeledEvent.newBuilder().setFeatures(List.of(1.0)).build();
        LabeledEvent back = roundTrip(LabeledEvent.class, e);
        assertNull(back.getTarget());
        assertNull(back.getWeight());
    }

    @Test
    void vectorTargetRoundTrips() {
        LabeledEvent e = LabeledEvent.newBuilder().setFeatures(List.of(1.0)).setTarget(List.of(0.25, 0.75)).build();
        assertEquals(List.of(0.25, 0.75), roundTrip(LabeledEvent.class, e).getTarget());
    }

    @Test
    void wireFormatIsMagicByteThenBigEndianIdThenAvroBinary() {
        AvroSerde<LabeledEvent> serde = StreamgradSerdes.specific(LabeledEvent.class, CONFIG, false);
        byte[] bytes = serde.serializer().serialize("t", TestRecords.event());
        int id = MockSchemaRegistry.clientForScope(SCOPE).latest("t-value").id();
        assertEquals(id, ConfluentWireFormat.readSchemaId(bytes));
        byte[] header = new byte[5];
        ConfluentWireFormat.writeHeader(0x01020304, header);
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, header);
    }

    @Test
    void nullIsNull() {
        AvroSerde<LabeledEvent> serde = StreamgradSerdes.specific(LabeledEvent.class, CONFIG, false);
        assertNull(serde.serializer().serialize("t", null));
        assertNull(serde.deserializer().deserialize("t", null));
    }

    @Test
    void genericSerdeReadsWhatSpecificWrote() {
        byte[] bytes = StreamgradSerdes.specific(Prediction.class, CONFIG, false).serializer()
                .serialize("p", TestRecords.prediction());
        GenericRecord generic = StreamgradSerdes.generic(CONFIG, false).deserializer().deserialize("p", bytes);
        assertEquals("m1", generic.get("modelId").toString());
        assertEquals(42L, generic.get("modelVersion"));
        byte[] again = StreamgradSerdes.generic(CONFIG, false).serializer().serialize("p", generic);
        assertArrayEquals(bytes, again);
    }

    @Test
    void specificAvroReaderFindsTheGeneratedClass() {
        byte[] bytes = StreamgradSerdes.specific(Prediction.class, CONFIG, false).serializer()
                .serialize("p", TestRecords.prediction());
        AvroDeserializer<Object> d = new AvroDeserializer<>();
        d.configure(Map.of("schema.registry.url", "mock://" + SCOPE, "specific.avro.reader", true), false);
        assertInstanceOf(Prediction.class, d.deserialize("p", bytes));
    }

    @Test
    void subjectNameStrategies() {
        InMemorySchemaRegistryClient registry = MockSchemaRegistry.clientForScope(SCOPE);
        for (String strategy : List.of("topic", "record", "topic-record",
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy")) {
            AvroSerializer<Prediction> s = new AvroSerializer<>();
            s.configure(Map.of("schema.registry.url", "mock://" + SCOPE, "key.subject.name.strategy", strategy), true);
            s.serialize("tp", TestRecords.prediction());
        }
        assertTrue(registry.subjects().containsAll(List.of("tp-key", "dev.streamgrad.serde.avro.Prediction",
                "tp-dev.streamgrad.serde.avro.Prediction")), registry.subjects().toString());
        assertThrows(ConfigException.class, () -> new AvroSerializer<>().configure(
                Map.of("schema.registry.url", "mock://" + SCOPE, "value.subject.name.strategy", "nope"), false));
    }

    @Test
    void autoRegisterOffNeedsARegisteredSchema() {
        AvroSerializer<Prediction> s = new AvroSerializer<>();
        s.configure(Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", false), false);
        StreamgradSerializationException e = assertThrows(StreamgradSerializationException.class,
                () -> s.serialize("preds", TestRecords.prediction()));
        assertEquals(SerdeErrorReason.SCHEMA_NOT_REGISTERED, e.reason());
        assertTrue(e.getMessage().contains("preds"), e.getMessage());
        MockSchemaRegistry.clientForScope(SCOPE).register("preds-value", Prediction.getClassSchema());
        assertEquals(0, s.serialize("preds", TestRecords.prediction())[0]);
    }

    @Test
    void mockScopesAreSharedUntilDropped() {
        byte[] bytes = StreamgradSerdes.specific(Prediction.class, CONFIG, false).serializer()
                .serialize("p", TestRecords.prediction());
        assertEquals(TestRecords.prediction(),
                StreamgradSerdes.specific(Prediction.class, CONFIG, false).deserializer().deserialize("p", bytes));
        MockSchemaRegistry.dropScope(SCOPE);
        StreamgradSerializationException e = assertThrows(StreamgradSerializationException.class,
                () -> StreamgradSerdes.specific(Prediction.class, CONFIG, false).deserializer().deserialize("p", bytes));
        assertEquals(SerdeErrorReason.UNKNOWN_SCHEMA, e.reason());
        assertEquals(ConfluentWireFormat.readSchemaId(bytes), e.schemaId());
        assertTrue(e.getMessage().contains("topic 'p'") && e.getMessage().contains("schema id " + e.schemaId()),
                e.getMessage());
    }

    @Test
    void evolvedReaderReadsOldWriterWithDefaults() {
        Schema v0 = SchemaBuilder.record("Prediction").namespace("dev.streamgrad.serde.avro").fields()
                .requiredString("modelId").requiredLong("modelVersion")
                .name("output").type().array().items().doubleType().noDefault().endRecord();
        GenericRecord old = new GenericData.Record(v0);
        old.put("modelId", "m");
        old.put("modelVersion", 3L);
        old.put("output", List.of(1.0));
        byte[] bytes = StreamgradSerdes.generic(CONFIG, false).serializer().serialize("old", old);
        Prediction p = StreamgradSerdes.specific(Prediction.class, CONFIG, false).deserializer().deserialize("old", bytes);
        assertEquals("m", p.getModelId());
        assertNull(p.getLoss());
    }

    @Test
    void incompatibleReaderIsReported() {
        Schema other = SchemaBuilder.record("Prediction").namespace("dev.streamgrad.serde.avro").fields()
                .requiredInt("somethingElse").endRecord();
        GenericRecord r = new GenericData.Record(other);
        r.put("somethingElse", 1);
        byte[] bytes = StreamgradSerdes.generic(CONFIG, false).serializer().serialize("x", r);
        StreamgradSerializationException e = assertThrows(StreamgradSerializationException.class,
                () -> StreamgradSerdes.specific(Prediction.class, CONFIG, false).deserializer().deserialize("x", bytes));
        assertEquals(SerdeErrorReason.INCOMPATIBLE_SCHEMA, e.reason());
    }

    @Test
    void invalidRecordIsReported() {
        GenericRecord r = new GenericData.Record(Prediction.getClassSchema()); // required fields left null
        StreamgradSerializationException e = assertThrows(StreamgradSerializationException.class,
                () -> StreamgradSerdes.generic(CONFIG, false).serializer().serialize("bad", r));
        assertEquals(SerdeErrorReason.INVALID_RECORD, e.reason());
        assertTrue(e.getMessage().contains("topic 'bad'"), e.getMessage());
        assertNotEquals(null, e.getCause());
    }

    @Test
    void wrongMagicByte() {
        AvroSerde<LabeledEvent> serde = StreamgradSerdes.specific(LabeledEvent.class, CONFIG, false);
        byte[] bytes = serde.serializer().serialize("t", TestRecords.event());
        bytes[0] = 1;
        StreamgradSerializationException e = assertThrows(StreamgradSerializationException.class,
                () -> serde.deserializer().deserialize("t", bytes));
        assertEquals(SerdeErrorReason.WRONG_MAGIC_BYTE, e.reason());
        assertTrue(e.getMessage().contains("0x01"), e.getMessage());
        assertInstanceOf(SerializationException.class, e);
    }

    @Test
    void everyTruncationIsMalformed() {
        AvroSerde<WeightSnapshot> serde = StreamgradSerdes.specific(WeightSnapshot.class, CONFIG, false);
        byte[] bytes = serde.serializer().serialize("t", TestRecords.snapshot());
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            StreamgradSerializationException e = assertThrows(StreamgradSerializationException.class,
                    () -> serde.deserializer().deserialize("t", cut), "length " + len);
            assertEquals(SerdeErrorReason.MALFORMED_BYTES, e.reason(), "length " + len + ": " + e.getMessage());
        }
    }

    @Test
    void trailingBytesAreMalformed() {
        AvroSerde<LabeledEvent> serde = StreamgradSerdes.specific(LabeledEvent.class, CONFIG, false);
        byte[] bytes = serde.serializer().serialize("t", TestRecords.event());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertEquals(SerdeErrorReason.MALFORMED_BYTES, assertThrows(StreamgradSerializationException.class,
                () -> serde.deserializer().deserialize("t", longer)).reason());
    }

    @Test
    void randomBytesAfterAValidHeaderNeverEscapeAsAnythingElse() {
        AvroSerde<WeightSnapshot> serde = StreamgradSerdes.specific(WeightSnapshot.class, CONFIG, false);
        byte[] valid = serde.serializer().serialize("t", TestRecords.snapshot());
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[5 + random.nextInt(200)];
            random.nextBytes(bytes);
            System.arraycopy(valid, 0, bytes, 0, 5);
            try {
                serde.deserializer().deserialize("t", bytes);
            } catch (StreamgradSerializationException e) {
                assertEquals(SerdeErrorReason.MALFORMED_BYTES, e.reason(), e.getMessage());
            }
        }
        for (int i = 0; i < 500; i++) { // fully random: any reason, but always our exception
            byte[] bytes = new byte[random.nextInt(50)];
            random.nextBytes(bytes);
            try {
                serde.deserializer().deserialize("t", bytes);
            } catch (StreamgradSerializationException e) {
                assertNotEquals(null, e.reason());
            }
        }
    }

    @Test
    void flippedBitsInAValidRecordAreCaughtOrDecoded() {
        AvroSerde<WeightSnapshot> serde = StreamgradSerdes.specific(WeightSnapshot.class, CONFIG, false);
        byte[] valid = serde.serializer().serialize("t", TestRecords.snapshot());
        for (int i = 5; i < valid.length; i++) {
            byte[] bytes = valid.clone();
            bytes[i] ^= (byte) 0xA5;
            try {
                serde.deserializer().deserialize("t", bytes);
            } catch (StreamgradSerializationException e) {
                assertTrue(e.reason() == SerdeErrorReason.MALFORMED_BYTES, e.getMessage());
            }
        }
    }

    @Test
    void trustStoreIsLoaded() {
        String cacerts = java.nio.file.Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toString();
        AvroSerde<GenericRecord> serde = StreamgradSerdes.generic(Map.of("schema.registry.url", "https://sr.example:8081",
                "schema.registry.ssl.truststore.location", cacerts, "schema.registry.ssl.truststore.type", "PKCS12",
                "schema.registry.ssl.truststore.password", "changeit"), false);
        assertNotEquals(null, serde.serializer());
        assertThrows(ConfigException.class, () -> StreamgradSerdes.generic(Map.of("schema.registry.url", "https://x:1",
                "schema.registry.ssl.truststore.location", cacerts, "schema.registry.ssl.truststore.type", "JKS",
                "schema.registry.ssl.truststore.password", "wrong"), false));
    }

    @Test
    void configurationErrors() {
        assertThrows(ConfigException.class, () -> StreamgradSerdes.specific(LabeledEvent.class, Map.of(), false));
        assertThrows(ConfigException.class, () -> StreamgradSerdes.generic(
                Map.of("schema.registry.url", "mock://a,http://b:1"), false));
        assertThrows(ConfigException.class, () -> StreamgradSerdes.generic(
                Map.of("schema.registry.url", "ftp://x"), false));
        assertThrows(ConfigException.class, () -> StreamgradSerdes.generic(
                Map.of("schema.registry.url", "http://x:1", "basic.auth.credentials.source", "USER_INFO"), false));
        assertThrows(ConfigException.class, () -> StreamgradSerdes.generic(
                Map.of("schema.registry.url", "http://x:1", "schema.registry.ssl.truststore.location", "/nonexistent"), false));
        assertThrows(ConfigException.class, () -> StreamgradSerdes.generic(
                Map.of("schema.registry.url", "http://x:1", "schema.registry.max.retries", -1), false));
    }
}
