package dev.streamgrad.serde.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgrad.serde.SerdeErrorReason;
import dev.streamgrad.serde.StreamgradSerdeConfig;
import dev.streamgrad.serde.avro.Prediction;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * The registry client against servers that misbehave on purpose (issue 10): a redirect to another origin must not
 * receive the credentials, a huge body is refused without being read, a trickled body fails at the deadline, and
 * no message shows a URL's user info.
 */
class HostileRegistryNetworkTest {
    private static final Schema SCHEMA = Prediction.getClassSchema();
    private static final String TOKEN = "s3cr3t-token";

    private static RestSchemaRegistryClient client(String url, Duration timeout, int retries, String authorization,
                                                   long maxBody) {
        return new RestSchemaRegistryClient(new RestSchemaRegistryClient.Settings(List.of(URI.create(url)),
                Duration.ofSeconds(2), timeout, retries, 10, 40, authorization, null, maxBody));
    }

    private static String schemaAnswer() {
        return new ObjectMapper().createObjectNode().put("schema", SCHEMA.toString()).toString();
    }

    @Test
    void aCrossOriginRedirectDoesNotDeliverTheBearerToken() throws IOException {
        try (FakeHttpRegistry registry = new FakeHttpRegistry(); FakeHttpRegistry elsewhere = new FakeHttpRegistry()) {
            registry.script = r -> FakeHttpRegistry.Answer.redirect(302, elsewhere.url() + r.path());
            elsewhere.script = r -> FakeHttpRegistry.Answer.of(200, schemaAnswer());
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client(registry.url(),
                    Duration.ofSeconds(5), 2, "Bearer " + TOKEN, 1 << 20).getById(1));
            assertEquals(SerdeErrorReason.REGISTRY_ERROR, e.reason());
            assertTrue(e.getMessage().contains("another origin"), e.getMessage());
            assertEquals(List.of(), elsewhere.requests, "the other origin must receive nothing");
            assertEquals(1, registry.requests.size(), "a refused redirect is not retried");
            assertEquals("Bearer " + TOKEN, registry.requests.get(0).authorization());
        }
    }

    @Test
    void aSameOriginRedirectIsFollowedWithTheCredentials() throws IOException {
        try (FakeHttpRegistry registry = new FakeHttpRegistry()) {
            registry.script = r -> r.path().startsWith("/moved/") ? FakeHttpRegistry.Answer.of(200, schemaAnswer())
                    : FakeHttpRegistry.Answer.redirect(307, "/moved" + r.path());
            assertEquals(SCHEMA, client(registry.url(), Duration.ofSeconds(5), 0, "Bearer " + TOKEN, 1 << 20)
                    .getById(1));
            assertEquals(2, registry.requests.size());
            assertEquals("/moved/schemas/ids/1", registry.requests.get(1).path());
            assertEquals("Bearer " + TOKEN, registry.requests.get(1).authorization());
        }
    }

    @Test
    void withoutCredentialsACrossOriginRedirectIsFollowed() throws IOException {
        try (FakeHttpRegistry registry = new FakeHttpRegistry(); FakeHttpRegistry elsewhere = new FakeHttpRegistry()) {
            registry.script = r -> FakeHttpRegistry.Answer.redirect(301, elsewhere.url() + r.path());
            elsewhere.script = r -> FakeHttpRegistry.Answer.of(200, schemaAnswer());
            assertEquals(SCHEMA, client(registry.url(), Duration.ofSeconds(5), 0, null, 1 << 20).getById(1));
            assertNull(elsewhere.requests.get(0).authorization());
        }
    }

    @Test
    void redirectLoopsAreBounded() throws IOException {
        try (FakeHttpRegistry registry = new FakeHttpRegistry()) {
            registry.script = r -> FakeHttpRegistry.Answer.redirect(302, r.path());
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                    () -> client(registry.url(), Duration.ofSeconds(5), 0, null, 1 << 20).getById(1));
            assertTrue(e.getMessage().contains("redirects"), e.getMessage());
            assertEquals(RegistryExchange.MAX_REDIRECTS + 1, registry.requests.size());
        }
    }

    /** 400 MB of body, streamed (never allocated) by the server, without a Content-Length. */
    @Test
    void aHugeStreamedBodyIsCutOffAtTheLimit() throws IOException {
        long huge = 400L << 20;
        try (MisbehavingServer server = new MisbehavingServer((out, sent) -> {
            MisbehavingServer.head(out, 200, "Content-Type: application/json", "Connection: close");
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            while (sent.get() < huge) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        })) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                    () -> client(server.url(), Duration.ofSeconds(20), 0, null, 1 << 20).getById(1));
            assertEquals(SerdeErrorReason.REGISTRY_ERROR, e.reason());
            assertTrue(e.getMessage().contains("more than 1048576 bytes"), e.getMessage());
            // the client closed the connection long before the end (the socket buffers hold a few MB at most)
            assertTrue(server.bodyBytesSent.get() < 64L << 20, "server sent " + server.bodyBytesSent.get());
        }
    }

    @Test
    void aHugeDeclaredBodyIsRefusedBeforeReadingIt() throws IOException {
        try (MisbehavingServer server = new MisbehavingServer((out, sent) -> {
            MisbehavingServer.head(out, 200, "Content-Type: application/json", "Content-Length: " + (400L << 20));
            byte[] chunk = new byte[64 * 1024];
            for (long i = 0; i < (400L << 20) / chunk.length; i++) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        })) {
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                    () -> client(server.url(), Duration.ofSeconds(20), 0, null, 1 << 20).getById(1));
            assertTrue(e.getMessage().contains("declares a body of 419430400 bytes"), e.getMessage());
            assertTrue(server.bodyBytesSent.get() < 64L << 20, "server sent " + server.bodyBytesSent.get());
        }
    }

    /** Headers at once, then one byte per second: the request timeout is a deadline for the body too. */
    @Test
    void aBodyTrickledAtOneBytePerSecondFailsAtTheDeadline() throws IOException {
        try (MisbehavingServer server = new MisbehavingServer((out, sent) -> {
            MisbehavingServer.head(out, 200, "Content-Type: application/json", "Content-Length: 1000");
            while (true) {
                out.write(' ');
                out.flush();
                sent.incrementAndGet();
                Thread.sleep(1000);
            }
        })) {
            long start = System.nanoTime();
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                    () -> client(server.url(), Duration.ofMillis(1500), 0, null, 1 << 20).getById(1));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(SerdeErrorReason.REGISTRY_UNAVAILABLE, e.reason());
            assertTrue(e.getMessage().contains("within 1500 ms"), e.getMessage());
            assertTrue(ms >= 1400 && ms < 4000, "took " + ms + " ms");
        }
    }

    /** The documented budget: (retries + 1) x request timeout, plus the backoffs (10 + 20 ms here). */
    @Test
    void retriesOfATrickledBodyStayWithinTheDocumentedBudget() throws IOException {
        try (MisbehavingServer server = new MisbehavingServer((out, sent) -> {
            MisbehavingServer.head(out, 200, "Content-Length: 1000");
            while (true) {
                out.write(' ');
                out.flush();
                Thread.sleep(1000);
            }
        })) {
            long start = System.nanoTime();
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                    () -> client(server.url(), Duration.ofMillis(700), 2, null, 1 << 20).getById(1));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
            assertTrue(ms >= 3 * 700 - 100 && ms < 3 * 700 + 30 + 2500, "took " + ms + " ms");
        }
    }

    @Test
    void aServerThatNeverAnswersFailsAtTheDeadline() throws IOException {
        try (MisbehavingServer server = new MisbehavingServer((out, sent) -> Thread.sleep(60_000))) {
            long start = System.nanoTime();
            assertThrows(SchemaRegistryException.class,
                    () -> client(server.url(), Duration.ofMillis(800), 0, null, 1 << 20).getById(1));
            assertTrue((System.nanoTime() - start) / 1_000_000 < 3_500);
        }
    }

    @Test
    void userInfoIsMaskedInConfigErrors() {
        ConfigException bad = assertThrows(ConfigException.class, () -> SchemaRegistryClients.create(
                new StreamgradSerdeConfig(Map.of("schema.registry.url", "http://alice:hunter2@bad host:8081"))
                        .registryOptions()));
        assertFalse(bad.getMessage().contains("hunter2"), bad.getMessage());
        assertTrue(bad.getMessage().contains("***@"), bad.getMessage());
        ConfigException scheme = assertThrows(ConfigException.class, () -> SchemaRegistryClients.create(
                new StreamgradSerdeConfig(Map.of("schema.registry.url", "ftp://alice:hunter2@host:8081"))
                        .registryOptions()));
        assertFalse(scheme.getMessage().contains("hunter2"), scheme.getMessage());
        ConfigException mixed = assertThrows(ConfigException.class, () -> SchemaRegistryClients.create(
                new StreamgradSerdeConfig(Map.of("schema.registry.url", "mock://x,http://alice:hunter2@host:8081"))
                        .registryOptions()));
        assertFalse(mixed.getMessage().contains("hunter2"), mixed.getMessage());
    }

    @Test
    void userInfoIsMaskedInCallErrorsAndSettings() throws IOException {
        try (FakeHttpRegistry registry = new FakeHttpRegistry()) {
            registry.script = r -> FakeHttpRegistry.Answer.of(503, "{\"message\":\"retry later\"}");
            String url = registry.url().replace("http://", "http://alice:hunter2@");
            SchemaRegistryClient client = SchemaRegistryClients.create(new StreamgradSerdeConfig(Map.of(
                    "schema.registry.url", url, "schema.registry.max.retries", "1",
                    "schema.registry.retry.backoff.ms", "1")).registryOptions());
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getById(1));
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("hunter2"), t.getMessage());
            }
            // the credentials went where they belong, as basic auth
            assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString(
                    "alice:hunter2".getBytes(StandardCharsets.UTF_8)), registry.requests.get(0).authorization());
        }
        String options = new StreamgradSerdeConfig(Map.of("schema.registry.url", "http://alice:hunter2@h:1",
                "bearer.auth.token", TOKEN)).registryOptions().toString();
        assertFalse(options.contains("hunter2") || options.contains(TOKEN), options);
        String settings = new RestSchemaRegistryClient.Settings(List.of(URI.create("http://h:1")), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 0, 0, 0, "Bearer " + TOKEN, null).toString();
        assertFalse(settings.contains(TOKEN), settings);
    }

    @Test
    void maskReplacesTheUserInfoOfEveryUrlInAText() {
        assertEquals("GET http://***@h:1/x and https://***@k/y, mock://scope",
                RegistryUrls.mask("GET http://a:b@h:1/x and https://c%40d:e@k/y, mock://scope"));
        assertEquals("http://h:1/no-user-info?q=a@b", RegistryUrls.mask("http://h:1/no-user-info?q=a@b"));
    }
}
