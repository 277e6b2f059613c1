package dev.streamgrad.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgrad.serde.SerdeErrorReason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API, with the JDK {@link HttpClient}.
 *
 * <p>Bounded: each attempt has one deadline ({@link Settings#requestTimeout()}) that covers the connection, the
 * response headers and the whole body, and reads at most {@link Settings#maxResponseBytes()}; a failure without an
 * answer (including a missed deadline), a 5xx or a 429 is retried up to {@link Settings#maxRetries()} times with
 * exponential backoff, moving to the next base URL each time (fail-over), and then reported as
 * {@link SerdeErrorReason#REGISTRY_UNAVAILABLE}. So a call returns or fails within
 * {@code (maxRetries + 1) x requestTimeout} plus the backoff waits. A 4xx is not retried.
 *
 * <p>Safe on a hostile network: redirects are followed by {@link RegistryExchange} (same origin only when there
 * are credentials, so the {@code Authorization} header never reaches another host), and URLs in every message and
 * log line have their user info masked.
 * Tolerates the known differences of compatible registries (Apicurio answers 40401 where Confluent answers 40403,
 * and {@code error_code: 0} with a 409). No caching: wrap in {@link CachingSchemaRegistryClient}.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to reach the registry.
     *
     * @param baseUrls            one or more base URLs (e.g. {@code http://host:8081} or
     *                            {@code http://host:8080/apis/ccompat/v7}), without user info; tried in turn
     * @param connectTimeout      TCP/TLS connect timeout
     * @param requestTimeout      deadline of each attempt: connection, response headers and the whole body together
     *                            (a body trickled slowly fails at the deadline)
     * @param maxRetries          retries after the first attempt for retriable failures, &gt;= 0
     * @param retryBackoffMs      wait before the first retry; doubled each time
     * @param retryMaxBackoffMs   upper bound of the wait
     * @param authorizationHeader value of the {@code Authorization} header, or null
     * @param sslContext          TLS context for https URLs, or null for the JDK default
     * @param maxResponseBytes    the largest response body read; a larger one fails the call (not retried)
     */
    public record Settings(List<URI> baseUrls, Duration connectTimeout, Duration requestTimeout, int maxRetries,
                           long retryBackoffMs, long retryMaxBackoffMs, String authorizationHeader,
                           SSLContext sslContext, long maxResponseBytes) {
        /** The default of {@link #maxResponseBytes()}: 4 MiB, far above any schema's JSON. */
        public static final long DEFAULT_MAX_RESPONSE_BYTES = 4L << 20;

        public Settings {
            baseUrls = List.copyOf(baseUrls);
            if (baseUrls.isEmpty()) {
                throw new IllegalArgumentException("at least one schema registry URL is required");
            }
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (maxRetries < 0 || retryBackoffMs < 0 || retryMaxBackoffMs < 0) {
                throw new IllegalArgumentException("retries and backoffs must be >= 0");
            }
            if (maxResponseBytes < 0) {
                throw new IllegalArgumentException("maxResponseBytes must be >= 0");
            }
            for (URI u : baseUrls) {
                if (u.getRawUserInfo() != null) {
                    throw new IllegalArgumentException("base URL " + RegistryUrls.mask(u) + " has user info: pass "
                            + "credentials as the authorization header");
                }
            }
        }

        /** The settings with the default response limit ({@link #DEFAULT_MAX_RESPONSE_BYTES}). */
        public Settings(List<URI> baseUrls, Duration connectTimeout, Duration requestTimeout, int maxRetries,
                        long retryBackoffMs, long retryMaxBackoffMs, String authorizationHeader, SSLContext sslContext) {
            this(baseUrls, connectTimeout, requestTimeout, maxRetries, retryBackoffMs, retryMaxBackoffMs,
                    authorizationHeader, sslContext, DEFAULT_MAX_RESPONSE_BYTES);
        }

        /** Defaults: 5 s connect, 10 s per attempt, 3 retries, 100 ms to 2 s backoff, no auth, default TLS, 4 MiB. */
        public static Settings of(List<URI> baseUrls) {
            return new Settings(baseUrls, Duration.ofSeconds(5), Duration.ofSeconds(10), 3, 100, 2000, null, null);
        }

        @Override
        public String toString() { // never print the credentials
            return "Settings[baseUrls=" + RegistryUrls.mask(baseUrls.toString()) + ", connectTimeout=" + connectTimeout
                    + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + ", retryBackoffMs="
                    + retryBackoffMs + ", retryMaxBackoffMs=" + retryMaxBackoffMs + ", authorizationHeader="
                    + (authorizationHeader == null ? "none" : "***") + ", maxResponseBytes=" + maxResponseBytes + "]";
        }
    }

    private final Settings settings;
    private final RegistryExchange exchange;
    private final AtomicInteger current = new AtomicInteger();

    /** @param settings how to reach the registry; not null */
    public RestSchemaRegistryClient(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER); // RegistryExchange follows them, origin-checked
        if (settings.sslContext() != null) {
            builder.sslContext(settings.sslContext());
        }
        this.exchange = new RegistryExchange(builder.build(), settings.authorizationHeader(),
                settings.maxResponseBytes());
    }

    @Override
    public int register(String subject, Schema schema) {
        JsonNode body = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                status -> SerdeErrorReason.REGISTRY_ERROR, "register a schema under subject '" + subject + "'");
        return requiredInt(body, "id");
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        JsonNode body = call("POST", "/subjects/" + encode(subject), schemaBody(schema),
                status -> SerdeErrorReason.SCHEMA_NOT_REGISTERED, "look up a schema under subject '" + subject + "'");
        return new RegisteredSchema(subject, requiredInt(body, "id"), requiredInt(body, "version"),
                body.hasNonNull("schema") ? parse(body.get("schema").asText()) : schema);
    }

    @Override
    public Schema getById(int id) {
        JsonNode body = call("GET", "/schemas/ids/" + id, null, status -> SerdeErrorReason.UNKNOWN_SCHEMA,
                "fetch schema id " + id);
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(SerdeErrorReason.INCOMPATIBLE_SCHEMA, 200, 0,
                    "schema id " + id + " is of type " + type + ", not AVRO", null);
        }
        return parse(requiredText(body, "schema"));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode body = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null,
                status -> SerdeErrorReason.SCHEMA_NOT_REGISTERED, "fetch the latest version of subject '" + subject + "'");
        return new RegisteredSchema(subject, requiredInt(body, "id"), requiredInt(body, "version"),
                parse(requiredText(body, "schema")));
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        call("PUT", "/config/" + encode(subject), body, status -> SerdeErrorReason.REGISTRY_ERROR,
                "set the compatibility of subject '" + subject + "'");
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode body = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema), status -> SerdeErrorReason.SCHEMA_NOT_REGISTERED,
                    "test compatibility under subject '" + subject + "'");
            return body.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                return true; // no version yet: anything is compatible
            }
            throw e;
        }
    }

    /**
     * One call with retries and fail-over.
     *
     * @param notFound the reason for a 404 in this call
     */
    private JsonNode call(String method, String path, JsonNode body, IntFunction<SerdeErrorReason> notFound, String what) {
        int urls = settings.baseUrls().size();
        int attempts = Math.max(settings.maxRetries() + 1, urls);
        long backoff = settings.retryBackoffMs();
        SchemaRegistryException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                sleep(backoff, what, last);
                backoff = Math.min(Math.max(1, backoff * 2), settings.retryMaxBackoffMs());
            }
            int index = Math.floorMod(current.get(), urls);
            URI base = settings.baseUrls().get(index);
            try {
                // one deadline per attempt: connection, headers and body (and redirects) together
                long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
                return once(base, method, path, body, notFound, what, deadline);
            } catch (SchemaRegistryException e) {
                if (!e.retriable()) {
                    throw e;
                }
                last = e;
                current.compareAndSet(index, index + 1); // fail over to the next URL
                LOG.debug("Schema registry attempt {} of {} failed: {}", attempt + 1, attempts, e.getMessage());
            }
        }
        throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_UNAVAILABLE, last.status(), last.errorCode(),
                "schema registry unavailable after " + attempts + " attempts to " + what + " ("
                        + RegistryUrls.mask(settings.baseUrls().toString()) + "): " + last.getMessage(), last);
    }

    private JsonNode once(URI base, String method, String path, JsonNode body, IntFunction<SerdeErrorReason> notFound,
                          String what, long deadlineNanos) {
        URI uri = URI.create(stripSlash(base.toString()) + path);
        RegistryExchange.Response response = exchange.send(method, uri, body == null ? null : body.toString(),
                settings.requestTimeout(), deadlineNanos);
        uri = response.uri();
        int status = response.status();
        JsonNode json = readJson(response.body());
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_ERROR, status, 0,
                        method + " " + RegistryUrls.mask(uri) + " answered " + status + " with a body that is not JSON: " + abbreviate(response.body()), null);
            }
            return json;
        }
        int errorCode = json == null ? 0 : json.path("error_code").asInt(0);
        String message = json == null ? abbreviate(response.body()) : json.path("message").asText(abbreviate(response.body()));
        SerdeErrorReason reason;
        if (status == 401 || status == 403) {
            reason = SerdeErrorReason.REGISTRY_AUTH_FAILED;
        } else if (status == 404) {
            reason = notFound.apply(status);
        } else if (status == 409) {
            reason = SerdeErrorReason.INCOMPATIBLE_SCHEMA;
        } else if (status >= 500 || status == 429) {
            reason = SerdeErrorReason.REGISTRY_UNAVAILABLE;
        } else {
            reason = SerdeErrorReason.REGISTRY_ERROR;
        }
        throw new SchemaRegistryException(reason, status, errorCode, "could not " + what + ": " + method + " " + RegistryUrls.mask(uri)
                + " answered HTTP " + status + " (error code " + errorCode + "): " + message, null);
    }

    private static void sleep(long ms, String what, SchemaRegistryException last) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_UNAVAILABLE, SchemaRegistryException.NO_STATUS, 0,
                    "interrupted while retrying to " + what, last);
        }
    }

    private static JsonNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static int requiredInt(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_ERROR, 200, 0,
                    "registry answer has no integer '" + field + "': " + abbreviate(body.toString()), null);
        }
        return node.intValue();
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual()) {
            throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_ERROR, 200, 0,
                    "registry answer has no string '" + field + "': " + abbreviate(body.toString()), null);
        }
        return node.asText();
    }

    private static Schema parse(String schema) {
        try {
            return new Schema.Parser().parse(schema);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_ERROR, 200, 0,
                    "registry returned a schema that does not parse: " + e.getMessage(), e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return RegistryUrls.mask(s.length() <= 300 ? s : s.substring(0, 300) + "...");
    }
}
