package dev.streamgrad.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgrad.model.StrictJson;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.mapping.FeatureMapper;
import dev.streamgrad.serde.mapping.MappingException;
import java.io.IOException;
import org.apache.kafka.common.header.Headers;

/**
 * Input format {@code json}: a UTF-8 JSON object, mapped by the mapper. Read strictly ({@link StrictJson}): a duplicate
 * key is refused rather than read as its last value.
 */
final class JsonRecordDecoder extends MappedRecordDecoder {
    private static final ObjectMapper JSON = StrictJson.mapper();

    /**
     * @param mapper owned by this decoder
     * @param maxAbs the largest magnitude of a mapped value
     */
    JsonRecordDecoder(FeatureMapper mapper, double maxAbs) {
        super(mapper, maxAbs);
    }

    @Override
    Object parse(String topic, Headers headers, byte[] value) throws IOException {
        return parseJson(value);
    }

    /** @return the value read strictly as JSON */
    static JsonNode parseJson(byte[] value) throws IOException {
        return JSON.readTree(value);
    }

    @Override
    LabeledEvent map(FeatureMapper mapper, Object parsed) throws MappingException {
        return mapper.map((JsonNode) parsed).toLabeledEvent();
    }
}
