package dev.streamgrad.serde;

import dev.streamgrad.serde.internal.AvroCodec;
import dev.streamgrad.serde.internal.DecodeFailures;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserialises {@link SingleObjectEncoding} bytes: the writer schema is found by fingerprint among the known
 * schemas, the reader schema is the target class's (or the writer's, for GenericRecord). {@code null} gives
 * {@code null}. There is no schema id in this format: exceptions name the fingerprint instead. Thread-safe.
 *
 * @param <T> the record type
 */
public class SingleObjectDeserializer<T> implements Deserializer<T> {
    private final Class<? extends SpecificRecord> recordClass;
    private final SingleObjectEncoding schemas;
    private final AvroCodec codec = new AvroCodec();

    /**
     * @param recordClass the generated class to read into, or null for GenericRecord
     * @param schemas     the writer schemas to recognise; not null
     */
    public SingleObjectDeserializer(Class<? extends SpecificRecord> recordClass, SingleObjectEncoding schemas) {
        this.recordClass = recordClass;
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length >= 1 && bytes[0] != SingleObjectEncoding.MARKER_0
                || bytes.length >= 2 && bytes[1] != SingleObjectEncoding.MARKER_1) {
            throw new StreamgradSerializationException(SerdeErrorReason.WRONG_MAGIC_BYTE, topic, null,
                    "not Avro single-object encoding: header must start 0xC3 0x01", null);
        }
        if (bytes.length < SingleObjectEncoding.HEADER_SIZE) {
            throw new StreamgradSerializationException(SerdeErrorReason.MALFORMED_BYTES, topic, null,
                    "truncated bytes: " + bytes.length + " bytes, fewer than the 10-byte single-object header", null);
        }
        long fingerprint = SingleObjectEncoding.readFingerprint(bytes);
        Schema writer = schemas.find(fingerprint);
        if (writer == null) {
            throw new StreamgradSerializationException(SerdeErrorReason.UNKNOWN_SCHEMA, topic, null,
                    String.format("no known schema has fingerprint 0x%016x (registry-free mode reads only the "
                            + "schemas it was given)", fingerprint), null);
        }
        Schema reader = recordClass == null ? writer : SpecificData.get().getSchema(recordClass);
        try {
            return codec.decode(bytes, SingleObjectEncoding.HEADER_SIZE, writer, reader, recordClass != null);
        } catch (IOException | RuntimeException e) {
            throw DecodeFailures.classify(e, topic, null, writer, reader);
        }
    }
}
