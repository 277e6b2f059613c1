package dev.streamgrad.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgrad.serde.SerdeErrorReason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * <p>Bounded: every request has a connect and a request timeout; a failure without an answer, a 5xx or a 429 is
 * retried up to {@link Settings#maxRetries()} times with exponential backoff, moving to the next base URL each time
 * (fail-over), and then reported as {@link SerdeErrorReason#REGISTRY_UNAVAILABLE}. A 4xx is not retried.
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
     * @param requestTimeout      timeout of each request (until the response headers arrive)
     * @param maxRetries          retries after the first attempt for retriable failures, &gt;= 0
     * @param retryBackoffMs      wait before the first retry; doubled each time
     * @param retryMaxBackoffMs   upper bound of the wait
     * @param authorizationHeader value of the {@code Authorization} header, or null
     * @param sslContext          TLS context for https URLs, or null for the JDK default
     */
    public record Settings(List<URI> baseUrls, Duration connectTimeout, Duration requestTimeout, int maxRetries,
                           long retryBackoffMs, long retryMaxBackoffMs, String authorizationHeader,
                           SSLContext sslContext) {
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
        }

        /** Defaults: 5 s connect, 10 s request, 3 retries, 100 ms to 2 s backoff, no auth, default TLS. */
        public static Settings of(List<URI> baseUrls) {
            return new Settings(baseUrls, Duration.ofSeconds(5), Duration.ofSeconds(10), 3, 100, 2000, null, null);
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final AtomicInteger current = new AtomicInteger();

    /** @param settings how to reach the registry; not null */
    public RestSchemaRegistryClient(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (settings.sslContext() != null) {
            builder.sslContext(settings.sslContext());
        }
        this.http = builder.build();
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
                return once(base, method, path, body, notFound, what);
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
                "schema registry unavailable after " + attempts + " attempts to " + what + " (" + settings.baseUrls()
                        + "): " + last.getMessage(), last);
    }

    private JsonNode once(URI base, String method, String path, JsonNode body, IntFunction<SerdeErrorReason> notFound,
                          String what) {
        URI uri = URI.create(stripSlash(base.toString()) + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", ACCEPT);
        if (settings.authorizationHeader() != null) {
            request.header("Authorization", settings.authorizationHeader());
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_UNAVAILABLE, SchemaRegistryException.NO_STATUS, 0,
                    method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_UNAVAILABLE, SchemaRegistryException.NO_STATUS, 0,
                    "interrupted while waiting for " + method + " " + uri, e);
        }
        int status = response.statusCode();
        JsonNode json = readJson(response.body());
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_ERROR, status, 0,
                        method + " " + uri + " answered " + status + " with a body that is not JSON: " + abbreviate(response.body()), null);
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
        throw new SchemaRegistryException(reason, status, errorCode, "could not " + what + ": " + method + " " + uri
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
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
