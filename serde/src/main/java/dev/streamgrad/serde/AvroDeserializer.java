package dev.streamgrad.serde;

import dev.streamgrad.serde.internal.AvroCodec;
import dev.streamgrad.serde.internal.DecodeFailures;
import dev.streamgrad.serde.registry.SchemaRegistryClient;
import dev.streamgrad.serde.registry.SchemaRegistryClients;
import dev.streamgrad.serde.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserialises the Confluent wire format: the writer schema comes from the registry by id (cached), the reader
 * schema from the target class (for {@link #AvroDeserializer(Class, SchemaRegistryClient) one class}), from the
 * generated class of the writer's full name ({@code specific.avro.reader=true}), or is the writer schema
 * (GenericRecord). Avro schema resolution bridges writer and reader. {@code null} gives {@code null}.
 * Thread-safe once configured.
 *
 * @param <T> the record type
 */
public class AvroDeserializer<T> implements Deserializer<T> {
    private final Class<? extends SpecificRecord> recordClass;
    private SchemaRegistryClient client;
    private boolean specificReader;
    private AvroCodec codec = new AvroCodec();

    /** For Kafka's reflective instantiation (GenericRecord, or specific with {@code specific.avro.reader}). */
    public AvroDeserializer() {
        this(null, null);
    }

    /**
     * @param recordClass the generated class to read into (its schema is the reader schema), or null for the
     *                    behaviour of the no-argument constructor
     * @param client      a registry client instead of the configured one (tests), or null
     */
    public AvroDeserializer(Class<? extends SpecificRecord> recordClass, SchemaRegistryClient client) {
        this.recordClass = recordClass;
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        StreamgradSerdeConfig config = new StreamgradSerdeConfig(configs);
        if (client == null) {
            client = SchemaRegistryClients.create(config.registryOptions());
        }
        codec = new AvroCodec(config.getInt(StreamgradSerdeConfig.AVRO_MAX_ZERO_BYTE_ITEMS_CONFIG));
        specificReader = recordClass != null || config.getBoolean(StreamgradSerdeConfig.SPECIFIC_AVRO_READER_CONFIG);
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        if (bytes.length < ConfluentWireFormat.HEADER_SIZE) {
            throw new StreamgradSerializationException(
                    bytes.length > 0 && bytes[0] != ConfluentWireFormat.MAGIC_BYTE ? SerdeErrorReason.WRONG_MAGIC_BYTE
                            : SerdeErrorReason.MALFORMED_BYTES, topic, null,
                    "truncated bytes: " + bytes.length + " bytes, fewer than the 5-byte Confluent header", null);
        }
        if (bytes[0] != ConfluentWireFormat.MAGIC_BYTE) {
            throw new StreamgradSerializationException(SerdeErrorReason.WRONG_MAGIC_BYTE, topic, null,
                    String.format("unknown magic byte 0x%02x (expected 0x00: not in the Confluent wire format)",
                            bytes[0] & 0xff), null);
        }
        int id = ConfluentWireFormat.readSchemaId(bytes);
        Schema writer;
        try {
            writer = client.getById(id);
        } catch (SchemaRegistryException e) {
            throw new StreamgradSerializationException(e.reason(), topic, id,
                    "cannot fetch the writer schema: " + e.getMessage(), e);
        }
        Class<?> target = targetClass(writer);
        Schema reader = target == null ? writer : SpecificData.get().getSchema(target);
        boolean specific = target != null;
        try {
            return codec.decode(bytes, ConfluentWireFormat.HEADER_SIZE, writer, reader, specific);
        } catch (IOException | RuntimeException e) {
            throw DecodeFailures.classify(e, topic, id, writer, reader);
        }
    }

    /** @return the generated class to read into, or null for GenericRecord */
    private Class<?> targetClass(Schema writer) {
        if (recordClass != null) {
            return recordClass;
        }
        if (specificReader) {
            Class<?> generated = SpecificData.get().getClass(writer);
            if (generated != null && SpecificRecord.class.isAssignableFrom(generated)) {
                return generated;
            }
        }
        return null;
    }
}
