package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.StreamgradSerializationException;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.mapping.FeatureMapper;
import dev.streamgrad.serde.mapping.MappingException;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;

/**
 * A user's own record, parsed by the subclass and mapped to (x, y) by a {@link FeatureMapper}: the input formats
 * {@code avro_record} ({@link AvroRecordDecoder}) and {@code json} ({@link JsonRecordDecoder}).
 */
abstract class MappedRecordDecoder implements InputDecoder {
    private final FeatureMapper mapper;
    private final double maxAbs;

    /**
     * @param mapper maps the parsed records; owned by this decoder (it may keep running means)
     * @param maxAbs the largest magnitude of a mapped feature or target value ({@code streamgrad.input.max.abs})
     */
    MappedRecordDecoder(FeatureMapper mapper, double maxAbs) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.maxAbs = maxAbs;
    }

    /** Parses a value's bytes into a record (GenericRecord, JsonNode). */
    interface Parser {
        /** @return the parsed record; the value is not null */
        Object parse(String topic, Headers headers, byte[] value) throws Exception;
    }

    /** @return the parsed record; the value is not null */
    abstract Object parse(String topic, Headers headers, byte[] value) throws Exception;

    /**
     * @return the value parsed by the parser
     * @throws Rejection MALFORMED_BYTES (a tombstone, or bytes that do not parse), or the serde's reason
     */
    static Object parsed(Parser parser, String topic, Headers headers, byte[] value) throws Rejection {
        InputDecoder.requireValue(value);
        try {
            return parser.parse(topic, headers, value);
        } catch (StreamgradSerializationException e) {
            throw InputDecoder.rejection(e);
        } catch (Exception e) {
            throw new Rejection(DeadLetterReason.MALFORMED_BYTES, "cannot decode the value: " + e, null, null);
        }
    }

    /**
     * @param value the record's bytes, which parsed; not modified
     * @return the registry schema id the value was written with, for the dead letter of a record that parsed but did
     *     not map; null where the format has none (JSON)
     */
    Integer schemaId(byte[] value) {
        return null;
    }

    /** @return the mapped event of a parsed record */
    abstract LabeledEvent map(FeatureMapper mapper, Object parsed) throws MappingException;

    @Override
    public final Object source(String topic, Headers headers, byte[] value) throws Rejection {
        return parsed(this::parse, topic, headers, value);
    }

    @Override
    public final Decoded decode(String topic, Headers headers, byte[] value) throws Rejection {
        Object parsed = source(topic, headers, value);
        LabeledEvent event;
        try {
            event = map(mapper, parsed);
        } catch (MappingException e) {
            throw new Rejection(e.reason(), e.getMessage(), schemaId(value), e.field());
        } catch (RuntimeException e) {
            throw new Rejection(DeadLetterReason.MAPPING_FAILED, "cannot map the record: " + e, schemaId(value), null);
        }
        InputDecoder.check(event, schemaId(value), maxAbs);
        return new Decoded(event, parsed);
    }
}
