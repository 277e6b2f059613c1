package dev.streamgrad.serde.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgrad.serde.AvroSerde;
import dev.streamgrad.serde.ConfluentWireFormat;
import dev.streamgrad.serde.SerdeErrorReason;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.StreamgradSerializationException;
import dev.streamgrad.serde.TestRecords;
import dev.streamgrad.serde.avro.Prediction;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {
    private static final Schema SCHEMA = Prediction.getClassSchema();
    private static final ObjectMapper JSON = new ObjectMapper();
    private FakeHttpRegistry fake;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeHttpRegistry();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** Generous timeouts (the build machine may be busy); 2 retries with short backoff. */
    private RestSchemaRegistryClient client(String... urls) {
        return client(Duration.ofSeconds(5), 2, urls);
    }

    private RestSchemaRegistryClient client(Duration requestTimeout, int retries, String... urls) {
        return new RestSchemaRegistryClient(new RestSchemaRegistryClient.Settings(
                java.util.Arrays.stream(urls).map(URI::create).toList(), Duration.ofSeconds(2), requestTimeout,
                retries, 10, 40, null, null));
    }

    private static String schemaJson(int id, int version) throws IOException {
        return JSON.createObjectNode().put("subject", "s").put("id", id).put("version", version)
                .put("schema", SCHEMA.toString()).toString();
    }

    @Test
    void speaksTheConfluentApi() throws IOException {
        String withSchema = schemaJson(7, 2);
        fake.script = r -> {
            switch (r.method() + " " + r.path()) {
                case "POST /subjects/my%20subject/versions": return FakeHttpRegistry.Answer.of(200, "{\"id\":7}");
                case "POST /subjects/my%20subject": return FakeHttpRegistry.Answer.of(200, withSchema);
                case "GET /schemas/ids/7": return FakeHttpRegistry.Answer.of(200, withSchema);
                case "GET /subjects/my%20subject/versions/latest": return FakeHttpRegistry.Answer.of(200, withSchema);
                case "PUT /config/my%20subject": return FakeHttpRegistry.Answer.of(200, "{\"compatibility\":\"FULL\"}");
                case "POST /compatibility/subjects/my%20subject/versions/latest":
                    return FakeHttpRegistry.Answer.of(200, "{\"is_compatible\":false}");
                default: return FakeHttpRegistry.Answer.of(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
            }
        };
        RestSchemaRegistryClient client = client(fake.url() + "/");
        assertEquals(7, client.register("my subject", SCHEMA));
        assertEquals(new RegisteredSchema("my subject", 7, 2, SCHEMA), client.lookup("my subject", SCHEMA));
        assertEquals(SCHEMA, client.getById(7));
        assertEquals(2, client.latest("my subject").version());
        client.setCompatibility("my subject", CompatibilityLevel.FULL);
        assertFalse(client.isCompatible("my subject", SCHEMA));
        FakeHttpRegistry.Request register = fake.requests.get(0);
        assertEquals("application/vnd.schemaregistry.v1+json", register.contentType());
        assertEquals(SCHEMA.toString(), JSON.readTree(register.body()).get("schema").asText());
        assertEquals("FULL", JSON.readTree(fake.requests.get(4).body()).get("compatibility").asText());
    }

    @Test
    void errorAnswersMapToReasons() {
        Map<Integer, SerdeErrorReason> expected = Map.of(
                401, SerdeErrorReason.REGISTRY_AUTH_FAILED, 403, SerdeErrorReason.REGISTRY_AUTH_FAILED,
                409, SerdeErrorReason.INCOMPATIBLE_SCHEMA, 422, SerdeErrorReason.REGISTRY_ERROR,
                500, SerdeErrorReason.REGISTRY_UNAVAILABLE, 503, SerdeErrorReason.REGISTRY_UNAVAILABLE);
        RestSchemaRegistryClient client = client(fake.url());
        expected.forEach((status, reason) -> {
            fake.script = r -> FakeHttpRegistry.Answer.of(status, "{\"error_code\":" + status + "01,\"message\":\"nope\"}");
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.register("s", SCHEMA));
            assertEquals(reason, e.reason(), "status " + status);
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
        });
    }

    @Test
    void notFoundDependsOnTheCall() {
        // Apicurio answers 40401 where Confluent answers 40403; both are "not registered" for a lookup
        fake.script = r -> FakeHttpRegistry.Answer.of(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");
        RestSchemaRegistryClient client = client(fake.url());
        assertEquals(SerdeErrorReason.UNKNOWN_SCHEMA,
                assertThrows(SchemaRegistryException.class, () -> client.getById(99)).reason());
        SchemaRegistryException lookup = assertThrows(SchemaRegistryException.class, () -> client.lookup("s", SCHEMA));
        assertEquals(SerdeErrorReason.SCHEMA_NOT_REGISTERED, lookup.reason());
        assertEquals(40401, lookup.errorCode());
        assertTrue(client.isCompatible("s", SCHEMA), "no version yet: compatible");
        assertEquals(3, fake.requests.size(), "4xx is not retried");
    }

    @Test
    void transientFailuresAreRetried() {
        AtomicInteger calls = new AtomicInteger();
        fake.script = r -> calls.incrementAndGet() < 3 ? FakeHttpRegistry.Answer.of(503, "busy")
                : FakeHttpRegistry.Answer.of(200, "{\"id\":5}");
        assertEquals(5, client(fake.url()).register("s", SCHEMA));
        assertEquals(3, calls.get());
    }

    @Test
    void aRegistryThatStaysDownGivesUpInBoundedTime() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client("http://127.0.0.1:" + port).getById(1));
        assertEquals(SerdeErrorReason.REGISTRY_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000);
    }

    @Test
    void aSlowRegistryTimesOut() {
        fake.script = r -> new FakeHttpRegistry.Answer(200, "{\"id\":1}", 3_000);
        long start = System.nanoTime();
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client(Duration.ofMillis(300), 1, fake.url()).register("s", SCHEMA));
        assertEquals(SerdeErrorReason.REGISTRY_UNAVAILABLE, e.reason());
        assertEquals(2, fake.requests.size(), "one retry");
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(ms < 2_500, "took " + ms + " ms");
    }

    @Test
    void failsOverToTheNextUrl() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        fake.script = r -> FakeHttpRegistry.Answer.of(200, "{\"id\":11}");
        RestSchemaRegistryClient client = client("http://127.0.0.1:" + deadPort, fake.url());
        assertEquals(11, client.register("s", SCHEMA));
        assertEquals(11, client.register("s", SCHEMA));
        assertEquals(2, fake.requests.size(), "stays on the working URL");
    }

    @Test
    void nonJsonAndMalformedAnswersAreRegistryErrors() {
        fake.script = r -> FakeHttpRegistry.Answer.of(200, "<html>proxy</html>");
        assertEquals(SerdeErrorReason.REGISTRY_ERROR,
                assertThrows(SchemaRegistryException.class, () -> client(fake.url()).register("s", SCHEMA)).reason());
        fake.script = r -> FakeHttpRegistry.Answer.of(200, "{\"schema\":\"{not avro\"}");
        assertEquals(SerdeErrorReason.REGISTRY_ERROR,
                assertThrows(SchemaRegistryException.class, () -> client(fake.url()).getById(1)).reason());
        fake.script = r -> FakeHttpRegistry.Answer.of(200, "{\"schema\":\"{}\",\"schemaType\":\"PROTOBUF\"}");
        assertEquals(SerdeErrorReason.INCOMPATIBLE_SCHEMA,
                assertThrows(SchemaRegistryException.class, () -> client(fake.url()).getById(1)).reason());
    }

    @Test
    void sendsBasicAndBearerCredentials() {
        fake.script = r -> FakeHttpRegistry.Answer.of(200, "{\"id\":1}");
        String host = fake.url().substring("http://".length());
        StreamgradSerdes.generic(Map.of("schema.registry.url", "http://alice:secret@" + host), false).serializer()
                .serialize("t1", new org.apache.avro.generic.GenericData.Record(SCHEMA) {{
                    put("modelId", "m"); put("modelVersion", 1L); put("output", List.of());
                }});
        StreamgradSerdes.specific(Prediction.class, Map.of("schema.registry.url", fake.url(),
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "bob:pw"), false)
                .serializer().serialize("t2", TestRecords.prediction());
        StreamgradSerdes.specific(Prediction.class, Map.of("schema.registry.url", fake.url(),
                "bearer.auth.token", "tok"), false).serializer().serialize("t3", TestRecords.prediction());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes()), fake.requests.get(0).authorization());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes()), fake.requests.get(1).authorization());
        assertEquals("Bearer tok", fake.requests.get(2).authorization());
    }

    @Test
    void serdeErrorsNameTopicSchemaIdAndCause() {
        Map<String, Object> config = Map.of("schema.registry.url", fake.url(), "schema.registry.max.retries", 1,
                "schema.registry.retry.backoff.ms", 1, "schema.registry.request.timeout.ms", 5_000);
        AvroSerde<Prediction> serde = StreamgradSerdes.specific(Prediction.class, config, false);
        fake.script = r -> FakeHttpRegistry.Answer.of(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
        StreamgradSerializationException ser = assertThrows(StreamgradSerializationException.class,
                () -> serde.serializer().serialize("preds", TestRecords.prediction()));
        assertEquals(SerdeErrorReason.REGISTRY_AUTH_FAILED, ser.reason());
        assertTrue(ser.getMessage().contains("topic 'preds'") && ser.getMessage().contains("Unauthorized"), ser.getMessage());
        assertTrue(ser.getCause() instanceof SchemaRegistryException);

        byte[] bytes = new byte[] {0, 0, 0, 0, 42, 2};
        fake.script = r -> FakeHttpRegistry.Answer.of(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        StreamgradSerializationException unknown = assertThrows(StreamgradSerializationException.class,
                () -> serde.deserializer().deserialize("preds", bytes));
        assertEquals(SerdeErrorReason.UNKNOWN_SCHEMA, unknown.reason());
        assertEquals(42, unknown.schemaId());
        assertTrue(unknown.getMessage().contains("schema id 42") && unknown.getMessage().contains("Schema not found"));

        fake.script = r -> FakeHttpRegistry.Answer.of(500, "{\"error_code\":50001,\"message\":\"store down\"}");
        StreamgradSerializationException down = assertThrows(StreamgradSerializationException.class,
                () -> serde.deserializer().deserialize("preds", bytes));
        assertEquals(SerdeErrorReason.REGISTRY_UNAVAILABLE, down.reason());
        assertEquals(42, ConfluentWireFormat.readSchemaId(bytes));

        fake.script = r -> FakeHttpRegistry.Answer.of(409, "{\"error_code\":0,\"message\":\"incompatible\"}");
        assertEquals(SerdeErrorReason.INCOMPATIBLE_SCHEMA, assertThrows(StreamgradSerializationException.class,
                () -> serde.serializer().serialize("other", TestRecords.prediction())).reason());
    }

    @Test
    void cachingClientAsksOncePerSubjectSchemaAndId() throws IOException {
        String withSchema = schemaJson(3, 1);
        fake.script = r -> r.method().equals("GET") ? FakeHttpRegistry.Answer.of(200, withSchema)
                : FakeHttpRegistry.Answer.of(200, "{\"id\":3}");
        CachingSchemaRegistryClient client = new CachingSchemaRegistryClient(client(fake.url()));
        for (int i = 0; i < 5; i++) {
            assertEquals(3, client.register("s", SCHEMA));
            assertEquals(SCHEMA, client.getById(3));
            assertEquals(SCHEMA, client.getById(4));
        }
        assertEquals(2, fake.requests.size(), "register once (its id is then known), fetch id 4 once");
    }
}
