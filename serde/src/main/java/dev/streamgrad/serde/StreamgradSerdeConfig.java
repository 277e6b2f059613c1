package dev.streamgrad.serde;

import dev.streamgrad.serde.internal.BoundedBinaryDecoder;
import dev.streamgrad.serde.registry.RestSchemaRegistryClient;
import dev.streamgrad.serde.registry.SchemaRegistryClients;
import dev.streamgrad.serde.subject.SubjectNameStrategy;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the registry serdes. The keys are the ones Confluent's Avro serdes use, so existing
 * configuration works unchanged; the HTTP tuning keys are streamgrad's. Unknown keys are ignored (the serdes
 * receive the whole Kafka/Streams configuration).
 */
public final class StreamgradSerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated base URLs of a Confluent-compatible schema "
            + "registry (several for fail-over), e.g. http://sr:8081 or http://apicurio:8080/apis/ccompat/v7; or "
            + "mock://<scope> for an in-memory registry shared within the JVM (tests).";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether the serializer registers a record's schema under "
            + "its subject. If false, the schema must already be registered (it is looked up).";

    public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";
    public static final String SUBJECT_NAME_STRATEGY_DOC = "Subject of a key's/value's schema: topic (<topic>-key|value, "
            + "default), record (the record's full name), topic-record (<topic>-<full name>), or a class name "
            + "(streamgrad's or Confluent's TopicNameStrategy/RecordNameStrategy/TopicRecordNameStrategy, or a "
            + "dev.streamgrad.serde.subject.SubjectNameStrategy).";

    public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_READER_DOC = "Whether the deserializer returns generated SpecificRecord "
            + "classes (found by the writer schema's full name) instead of GenericRecord. Serdes made for one class "
            + "always return that class.";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where HTTP basic credentials come from: URL (user "
            + "info in schema.registry.url, the default) or USER_INFO (basic.auth.user.info).";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String BASIC_AUTH_USER_INFO_DOC = "user:password for HTTP basic auth when the source is USER_INFO.";

    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_DOC = "Where the bearer token comes from: STATIC_TOKEN "
            + "(bearer.auth.token). Used only when bearer.auth.token is set; takes precedence over basic auth.";

    public static final String BEARER_AUTH_TOKEN_CONFIG = "bearer.auth.token";
    public static final String BEARER_AUTH_TOKEN_DOC = "A static bearer token sent as 'Authorization: Bearer <token>'.";

    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_LOCATION_DOC = "Trust store file for https registry URLs; the JDK's "
            + "default trust store if not set.";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store.";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String SSL_TRUSTSTORE_TYPE_DOC = "Trust store type: JKS or PKCS12.";

    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";
    public static final String CONNECT_TIMEOUT_MS_DOC = "Connect timeout of each registry request.";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS_DOC = "Deadline of each attempt of a registry call: the connection, "
            + "the response headers and the whole body together (a body trickled slowly fails at the deadline).";
    public static final String MAX_RETRIES_CONFIG = "schema.registry.max.retries";
    public static final String MAX_RETRIES_DOC = "Retries of a registry call after a failure without an answer, a 5xx "
            + "or a 429 (each retry moves to the next URL). 4xx answers are not retried.";
    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MS_DOC = "Wait before the first retry; doubled at each retry.";
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";
    public static final String RETRY_BACKOFF_MAX_MS_DOC = "Upper bound of the wait between retries. A call gives up "
            + "after at most (max.retries + 1) x request timeout plus the waits.";
    public static final String MAX_RESPONSE_BYTES_CONFIG = "schema.registry.max.response.bytes";
    public static final String MAX_RESPONSE_BYTES_DOC = "The largest registry response body read. A larger answer "
            + "(declared, or streamed past the limit) fails the call without being read to its end.";

    public static final String AVRO_MAX_ZERO_BYTE_ITEMS_CONFIG = "streamgrad.avro.max.zero.byte.items";
    public static final String AVRO_MAX_ZERO_BYTE_ITEMS_DOC = "How many array items of one record may take no bytes "
            + "(items of type null, or records of nulls). The decoder accepts at most (record bytes + this) items in "
            + "all, so a corrupt count such as 2^31 is refused before any work or allocation; valid records whose "
            + "items each take a byte are never limited.";

    /** The definition: keys, types, defaults, validators and docs. */
    public static final ConfigDef CONFIG = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, "", Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(KEY_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, "topic", Importance.MEDIUM, SUBJECT_NAME_STRATEGY_DOC)
            .define(VALUE_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, "topic", Importance.MEDIUM, SUBJECT_NAME_STRATEGY_DOC)
            .define(SPECIFIC_AVRO_READER_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, SPECIFIC_AVRO_READER_DOC)
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, "URL", ValidString.in("URL", "USER_INFO"),
                    Importance.MEDIUM, BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, "STATIC_TOKEN", ValidString.in("STATIC_TOKEN"),
                    Importance.MEDIUM, BEARER_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BEARER_AUTH_TOKEN_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, BEARER_AUTH_TOKEN_DOC)
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM, SSL_TRUSTSTORE_LOCATION_DOC)
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, SSL_TRUSTSTORE_PASSWORD_DOC)
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "JKS", ValidString.in("JKS", "PKCS12"), Importance.LOW,
                    SSL_TRUSTSTORE_TYPE_DOC)
            .define(CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 5_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    CONNECT_TIMEOUT_MS_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    REQUEST_TIMEOUT_MS_DOC)
            .define(MAX_RETRIES_CONFIG, Type.INT, 3, ConfigDef.Range.between(0, 100), Importance.LOW, MAX_RETRIES_DOC)
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 100L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    RETRY_BACKOFF_MS_DOC)
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 2_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    RETRY_BACKOFF_MAX_MS_DOC)
            .define(MAX_RESPONSE_BYTES_CONFIG, Type.LONG, RestSchemaRegistryClient.Settings.DEFAULT_MAX_RESPONSE_BYTES,
                    ConfigDef.Range.atLeast(1024), Importance.LOW, MAX_RESPONSE_BYTES_DOC)
            .define(AVRO_MAX_ZERO_BYTE_ITEMS_CONFIG, Type.INT, BoundedBinaryDecoder.DEFAULT_MAX_ZERO_BYTE_ITEMS,
                    ConfigDef.Range.atLeast(0), Importance.LOW, AVRO_MAX_ZERO_BYTE_ITEMS_DOC);

    /**
     * @param props the serde's configuration (typically the whole Kafka client configuration)
     * @throws org.apache.kafka.common.config.ConfigException naming the key for a bad value
     */
    public StreamgradSerdeConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
    }

    /** @return the registry connection settings of this configuration */
    public SchemaRegistryClients.Options registryOptions() {
        return new SchemaRegistryClients.Options(getList(SCHEMA_REGISTRY_URL_CONFIG),
                getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG), passwordOrNull(BASIC_AUTH_USER_INFO_CONFIG),
                passwordOrNull(BEARER_AUTH_TOKEN_CONFIG), getString(SSL_TRUSTSTORE_LOCATION_CONFIG),
                passwordOrNull(SSL_TRUSTSTORE_PASSWORD_CONFIG), getString(SSL_TRUSTSTORE_TYPE_CONFIG),
                getInt(CONNECT_TIMEOUT_MS_CONFIG), getInt(REQUEST_TIMEOUT_MS_CONFIG), getInt(MAX_RETRIES_CONFIG),
                getLong(RETRY_BACKOFF_MS_CONFIG), getLong(RETRY_BACKOFF_MAX_MS_CONFIG),
                getLong(MAX_RESPONSE_BYTES_CONFIG));
    }

    /** @return the subject name strategy for keys or values */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return SubjectNameStrategy.forName(getString(isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG
                : VALUE_SUBJECT_NAME_STRATEGY_CONFIG));
    }

    private String passwordOrNull(String key) {
        Password p = getPassword(key);
        return p == null ? null : p.value();
    }
}
