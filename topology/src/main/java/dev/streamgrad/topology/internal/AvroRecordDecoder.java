package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.ConfluentWireFormat;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.mapping.FeatureMapper;
import dev.streamgrad.serde.mapping.MappingException;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/** Input format {@code avro_record}: any Avro record in the registry wire format, mapped by the mapper. */
final class AvroRecordDecoder extends MappedRecordDecoder {
    private final Deserializer<GenericRecord> records;

    /**
     * @param records the configured GenericRecord deserializer; shared, thread-safe
     * @param mapper  owned by this decoder
     * @param maxAbs  the largest magnitude of a mapped value
     */
    AvroRecordDecoder(Deserializer<GenericRecord> records, FeatureMapper mapper, double maxAbs) {
        super(mapper, maxAbs);
        this.records = Objects.requireNonNull(records, "records");
    }

    @Override
    Object parse(String topic, Headers headers, byte[] value) {
        return records.deserialize(topic, headers, value);
    }

    /** @return the id in the value's wire-format header (the value parsed, so the header is there) */
    @Override
    Integer schemaId(byte[] value) {
        return ConfluentWireFormat.schemaIdOrNull(value);
    }

    @Override
    LabeledEvent map(FeatureMapper mapper, Object parsed) throws MappingException {
        return mapper.map((GenericRecord) parsed).toLabeledEvent();
    }
}
