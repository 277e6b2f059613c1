package dev.streamgrad.serde;

import dev.streamgrad.serde.internal.AvroCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serialises any Avro record with {@link SingleObjectEncoding} (no registry). {@code null} gives {@code null}.
 * Thread-safe.
 *
 * @param <T> the record type
 */
public class SingleObjectSerializer<T extends GenericContainer> implements Serializer<T> {
    private final AvroCodec codec = new AvroCodec();
    private final Map<Schema, Long> fingerprints = new ConcurrentHashMap<>();

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        long fingerprint = fingerprints.computeIfAbsent(schema, SingleObjectEncoding::fingerprint);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        byte[] header = new byte[SingleObjectEncoding.HEADER_SIZE];
        SingleObjectEncoding.writeHeader(fingerprint, header);
        out.writeBytes(header);
        try {
            codec.encode(record, out);
        } catch (IOException | RuntimeException e) {
            throw new StreamgradSerializationException(SerdeErrorReason.INVALID_RECORD, topic, null,
                    "record does not match its schema " + schema.getFullName() + ": " + e, e);
        }
        return out.toByteArray();
    }
}
