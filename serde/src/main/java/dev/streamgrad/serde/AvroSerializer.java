package dev.streamgrad.serde;

import dev.streamgrad.serde.internal.AvroCodec;
import dev.streamgrad.serde.registry.CachingSchemaRegistryClient;
import dev.streamgrad.serde.registry.SchemaRegistryClient;
import dev.streamgrad.serde.registry.SchemaRegistryClients;
import dev.streamgrad.serde.registry.SchemaRegistryException;
import dev.streamgrad.serde.subject.SubjectNameStrategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serialises any Avro record (generated or {@link org.apache.avro.generic.GenericRecord}) to the Confluent wire
 * format, registering (or, with {@code auto.register.schemas=false}, looking up) its schema under the subject the
 * configured strategy names. {@code null} serialises to {@code null} (tombstones). Thread-safe once configured.
 *
 * @param <T> the record type
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
    private SchemaRegistryClient client;
    private SubjectNameStrategy strategy;
    private boolean autoRegister;
    private boolean isKey;
    private final AvroCodec codec = new AvroCodec();

    /** For Kafka's reflective instantiation; call {@link #configure} before use. */
    public AvroSerializer() {
    }

    /**
     * @param client a registry client to use instead of the one {@code schema.registry.url} would give (tests);
     *               may be null
     */
    public AvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        StreamgradSerdeConfig config = new StreamgradSerdeConfig(configs);
        if (client == null) {
            client = SchemaRegistryClients.create(config.registryOptions());
        }
        this.strategy = config.subjectNameStrategy(isKey);
        this.autoRegister = config.getBoolean(StreamgradSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (strategy == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        Schema schema = record.getSchema();
        String subject = strategy.subjectName(topic, isKey, schema);
        int id;
        try {
            if (autoRegister) {
                id = client.register(subject, schema);
            } else if (client instanceof CachingSchemaRegistryClient caching) {
                id = caching.lookupId(subject, schema);
            } else {
                id = client.lookup(subject, schema).id();
            }
        } catch (SchemaRegistryException e) {
            throw new StreamgradSerializationException(e.reason(), topic, null, "cannot "
                    + (autoRegister ? "register" : "find") + " schema " + schema.getFullName() + " under subject '"
                    + subject + "': " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        byte[] header = new byte[ConfluentWireFormat.HEADER_SIZE];
        ConfluentWireFormat.writeHeader(id, header);
        out.writeBytes(header);
        try {
            codec.encode(record, out);
        } catch (IOException | RuntimeException e) {
            throw new StreamgradSerializationException(SerdeErrorReason.INVALID_RECORD, topic, id,
                    "record does not match its schema " + schema.getFullName() + ": " + e, e);
        }
        return out.toByteArray();
    }
}
