package dev.streamgrad.serde.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.serde.AvroSerde;
import dev.streamgrad.serde.SerdeErrorReason;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.StreamgradSerializationException;
import dev.streamgrad.serde.TestRecords;
import dev.streamgrad.serde.testsupport.ApicurioRegistry;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.registry.CompatibilityLevel;
import dev.streamgrad.serde.registry.RegisteredSchema;
import dev.streamgrad.serde.registry.SchemaRegistryClient;
import dev.streamgrad.serde.registry.SchemaRegistryClients;
import dev.streamgrad.serde.registry.SchemaRegistryException;
import dev.streamgrad.serde.StreamgradSerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The registry client and serdes against a real Confluent-API registry (Apicurio 2.4.2), started once. */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApicurioRegistryIT {
    private static final Schema V1 = SchemaBuilder.record("Reading").namespace("it").fields()
            .requiredDouble("temp").endRecord();
    private static final Schema V2_COMPATIBLE = SchemaBuilder.record("Reading").namespace("it").fields()
            .requiredDouble("temp").name("site").type().stringType().stringDefault("unknown").endRecord();
    private static final Schema V2_INCOMPATIBLE = SchemaBuilder.record("Reading").namespace("it").fields()
            .requiredDouble("temp").requiredString("site").endRecord();

    private static ApicurioRegistry registry;
    private static Map<String, Object> config;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = ApicurioRegistry.start();
        config = new HashMap<>();
        config.put("schema.registry.url", registry.url());
        config.put("schema.registry.max.retries", 2);
        config.put("schema.registry.retry.backoff.ms", 50);
        config.put("schema.registry.connect.timeout.ms", 1000);
        config.put("schema.registry.request.timeout.ms", 2000);
        client = SchemaRegistryClients.create(new StreamgradSerdeConfig(config).registryOptions());
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void registerAndFetch() {
        int id = client.register("readings-value", V1);
        assertEquals(id, client.register("readings-value", V1), "registering again gives the same id");
        assertEquals(V1, client.getById(id));
        RegisteredSchema latest = client.latest("readings-value");
        assertEquals(id, latest.id());
        assertEquals(1, latest.version());
        assertEquals(id, client.lookup("readings-value", V1).id());
        SchemaRegistryException notThere = assertThrows(SchemaRegistryException.class,
                () -> client.lookup("readings-value", V2_COMPATIBLE));
        assertEquals(SerdeErrorReason.SCHEMA_NOT_REGISTERED, notThere.reason());
        assertEquals(SerdeErrorReason.SCHEMA_NOT_REGISTERED,
                assertThrows(SchemaRegistryException.class, () -> client.latest("no-such-subject")).reason());
        assertEquals(SerdeErrorReason.UNKNOWN_SCHEMA,
                assertThrows(SchemaRegistryException.class, () -> client.getById(987_654)).reason());
    }

    @Test
    @Order(2)
    void incompatibleSchemaIsRefused() {
        client.register("compat-value", V1);
        client.setCompatibility("compat-value", CompatibilityLevel.BACKWARD);
        assertFalse(client.isCompatible("compat-value", V2_INCOMPATIBLE));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client.register("compat-value", V2_INCOMPATIBLE));
        assertEquals(SerdeErrorReason.INCOMPATIBLE_SCHEMA, e.reason());
        assertEquals(409, e.status());
        assertTrue(client.isCompatible("compat-value", V2_COMPATIBLE));
        client.register("compat-value", V2_COMPATIBLE);
        assertEquals(2, client.latest("compat-value").version());
    }

    @Test
    @Order(3)
    void serdesRoundTripThroughTheRegistry() {
        AvroSerde<WeightSnapshot> snapshots = StreamgradSerdes.specific(WeightSnapshot.class, config, false);
        byte[] bytes = snapshots.serializer().serialize("snapshots", TestRecords.snapshot());
        assertEquals(TestRecords.snapshot().toString(),
                StreamgradSerdes.specific(WeightSnapshot.class, config, false).deserializer()
                        .deserialize("snapshots", bytes).toString(), "a fresh serde fetches the schema by id");

        AvroSerde<LabeledEvent> events = StreamgradSerdes.specific(LabeledEvent.class, config, true);
        assertEquals(TestRecords.event(), events.deserializer().deserialize("events",
                events.serializer().serialize("events", TestRecords.event())));
        assertEquals(LabeledEvent.getClassSchema(), client.latest("events-key").schema());

        GenericRecord old = new GenericData.Record(V1);
        old.put("temp", 20.5);
        byte[] oldBytes = StreamgradSerdes.generic(config, false).serializer().serialize("evolving", old);
        GenericRecord read = StreamgradSerdes.generic(config, false).deserializer().deserialize("evolving", oldBytes);
        assertEquals(20.5, read.get("temp"));

        Map<String, Object> noAutoRegister = new HashMap<>(config);
        noAutoRegister.put("auto.register.schemas", false);
        AvroSerde<Prediction> strict = StreamgradSerdes.specific(Prediction.class, noAutoRegister, false);
        StreamgradSerializationException e = assertThrows(StreamgradSerializationException.class,
                () -> strict.serializer().serialize("predictions", TestRecords.prediction()));
        assertEquals(SerdeErrorReason.SCHEMA_NOT_REGISTERED, e.reason());
        client.register("predictions-value", Prediction.getClassSchema());
        assertEquals(TestRecords.prediction(), strict.deserializer().deserialize("predictions",
                strict.serializer().serialize("predictions", TestRecords.prediction())));

        Map<String, Object> byRecordName = new HashMap<>(config);
        byRecordName.put("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        StreamgradSerdes.specific(Prediction.class, byRecordName, false).serializer()
                .serialize("any-topic", TestRecords.prediction());
        assertEquals(Prediction.getClassSchema(), client.latest("dev.streamgrad.serde.avro.Prediction").schema());

        byte[] unknownId = {0, 0, 0x0f, 0x42, 0x3f, 2};
        StreamgradSerializationException unknown = assertThrows(StreamgradSerializationException.class,
                () -> events.deserializer().deserialize("events", unknownId));
        assertEquals(SerdeErrorReason.UNKNOWN_SCHEMA, unknown.reason());
        assertTrue(unknown.getMessage().contains("schema id 999999"), unknown.getMessage());
    }

    @Test
    @Order(4)
    void registryStoppedMidTest() throws Exception {
        AvroSerde<Prediction> serde = StreamgradSerdes.specific(Prediction.class, config, false);
        byte[] bytes = serde.serializer().serialize("before-stop", TestRecords.prediction());
        assertEquals(TestRecords.prediction(), serde.deserializer().deserialize("before-stop", bytes));

        registry.close();

        // what is cached keeps working
        assertEquals(TestRecords.prediction(), serde.deserializer().deserialize("before-stop", bytes));
        assertEquals(bytes.length, serde.serializer().serialize("before-stop", TestRecords.prediction()).length);
        // what needs the registry fails, quickly and clearly
        long start = System.nanoTime();
        StreamgradSerializationException e = assertThrows(StreamgradSerializationException.class,
                () -> serde.serializer().serialize("after-stop", TestRecords.prediction()));
        assertEquals(SerdeErrorReason.REGISTRY_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("topic 'after-stop'"), e.getMessage());
        assertInstanceOf(SchemaRegistryException.class, e.getCause());
        byte[] otherId = bytes.clone();
        otherId[4] = (byte) (otherId[4] + 100);
        StreamgradSerializationException d = assertThrows(StreamgradSerializationException.class,
                () -> serde.deserializer().deserialize("after-stop", otherId));
        assertEquals(SerdeErrorReason.REGISTRY_UNAVAILABLE, d.reason());
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(ms < 10_000, "gave up after " + ms + " ms");
        assertTrue(List.of(e, d).stream().allMatch(x -> x.getMessage().contains("unavailable")));
    }
}
