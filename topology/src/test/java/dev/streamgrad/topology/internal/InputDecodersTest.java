package dev.streamgrad.topology.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgrad.serde.ConfluentWireFormat;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.mapping.FeatureMapper;
import dev.streamgrad.serde.registry.MockSchemaRegistry;
import dev.streamgrad.topology.StreamgradConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The input decoders alone: good bytes decode; each bad input gives its dead-letter reason, field and schema id. */
class InputDecodersTest {
    private static final double MAX_ABS = 1e6;
    private static final Serde<LabeledEvent> EVENTS = StreamgradSerdes.singleObject(LabeledEvent.class);
    private static final String SCOPE = "input-decoders-test";
    private static final Map<String, Object> REGISTRY = Map.of("schema.registry.url", "mock://" + SCOPE);
    private static final Schema OBS = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Obs\","
            + "\"namespace\":\"user\",\"fields\":[{\"name\":\"a\",\"type\":[\"null\",\"double\"]},"
            + "{\"name\":\"b\",\"type\":\"double\"},{\"name\":\"label\",\"type\":\"string\"}]}");
    private static final Map<String, String> MAPPER = Map.of("streamgrad.mapper.features", "a,b",
            "streamgrad.mapper.label", "label", "streamgrad.mapper.label.classes", "no,yes");

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private static Rejection refused(InputDecoder decoder, byte[] value) {
        return assertThrows(Rejection.class, () -> decoder.decode("in", new RecordHeaders(), value));
    }

    private static void assertRefused(DeadLetterReason reason, String field, Integer schemaId, Rejection r) {
        assertEquals(reason, r.reason(), r.getMessage());
        assertEquals(field, r.field(), r.getMessage());
        assertEquals(schemaId, r.schemaId(), r.getMessage());
    }

    // ---- labeled_event

    private static byte[] labeled(List<Double> features, Object target) {
        return EVENTS.serializer().serialize("in", LabeledEvent.newBuilder().setFeatures(features).setTarget(target)
                .build());
    }

    @Test
    void aLabeledEventDecodesToItselfWithinTheBound() throws Rejection {
        LabeledEventDecoder d = new LabeledEventDecoder(EVENTS.deserializer(), MAX_ABS);
        InputDecoder.Decoded decoded = d.decode("in", new RecordHeaders(), labeled(List.of(MAX_ABS, -2.0), 0.5));
        assertEquals(List.of(MAX_ABS, -2.0), decoded.event().getFeatures(), "a value of exactly max.abs is allowed");
        assertEquals(0.5, decoded.event().getTarget());
        assertSame(decoded.event(), decoded.source());
        assertEquals(decoded.event(), d.source("in", new RecordHeaders(), labeled(List.of(MAX_ABS, -2.0), 0.5)));
    }

    @Test
    void badLabeledEventsGetTheirReasonAndField() {
        LabeledEventDecoder d = new LabeledEventDecoder(EVENTS.deserializer(), MAX_ABS);
        assertRefused(DeadLetterReason.MALFORMED_BYTES, null, null, refused(d, null));
        Rejection garbage = refused(d, "not avro".getBytes(StandardCharsets.UTF_8));
        assertEquals(DeadLetterReason.WRONG_MAGIC_BYTE, garbage.reason(), "the serde's reason: " + garbage.getMessage());
        byte[] good = labeled(List.of(1.0, 2.0), 0.5);
        assertRefused(DeadLetterReason.MALFORMED_BYTES, null, null, refused(d, Arrays.copyOf(good, good.length - 4)));
        assertRefused(DeadLetterReason.NON_FINITE_VALUE, "features", null,
                refused(d, labeled(List.of(1.0, Double.NaN), 0.5)));
        Rejection large = refused(d, labeled(List.of(1.0, -2e6), 0.5));
        assertRefused(DeadLetterReason.VALUE_TOO_LARGE, "features", null, large);
        assertTrue(large.getMessage().contains("features[1]") && large.getMessage().contains(
                StreamgradConfig.INPUT_MAX_ABS_CONFIG), large.getMessage());
        assertRefused(DeadLetterReason.NON_FINITE_VALUE, "target", null,
                refused(d, labeled(List.of(1.0, 2.0), Double.POSITIVE_INFINITY)));
        assertRefused(DeadLetterReason.VALUE_TOO_LARGE, "target", null, refused(d, labeled(List.of(1.0, 2.0), 2e6)));
        Rejection vector = refused(d, labeled(List.of(1.0, 2.0), List.of(0.5, -2e6)));
        assertRefused(DeadLetterReason.VALUE_TOO_LARGE, "target", null, vector);
        assertTrue(vector.getMessage().contains("target[1]"), vector.getMessage());
        assertRefused(DeadLetterReason.NON_FINITE_VALUE, "target", null,
                refused(d, labeled(List.of(1.0, 2.0), List.of(0.5, Double.NaN))));
    }

    @Test
    void checkRefusesAMissingEventAndCarriesTheSchemaId() {
        assertRefused(DeadLetterReason.INVALID_RECORD, "features", 12,
                assertThrows(Rejection.class, () -> InputDecoder.check(null, 12, MAX_ABS)));
        LabeledEvent tooLarge = LabeledEvent.newBuilder().setFeatures(List.of(1.0)).setTarget(-3.0).build();
        assertRefused(DeadLetterReason.VALUE_TOO_LARGE, "target", 12,
                assertThrows(Rejection.class, () -> InputDecoder.check(tooLarge, 12, 2.0)));
    }

    // ---- json

    private static JsonRecordDecoder json() {
        return new JsonRecordDecoder(FeatureMapper.fromProperties(MAPPER), MAX_ABS);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonRecordIsMapped() throws Rejection {
        InputDecoder.Decoded decoded = json().decode("in", new RecordHeaders(),
                utf8("{\"a\":1.5,\"b\":-2,\"label\":\"yes\"}"));
        assertEquals(List.of(1.5, -2.0), decoded.event().getFeatures());
        assertEquals(1, decoded.event().getTarget(), "class index of 'yes'");
        assertInstanceOf(JsonNode.class, decoded.source());
    }

    @Test
    void badJsonRecordsGetTheirReasonAndField() {
        JsonRecordDecoder d = json();
        assertRefused(DeadLetterReason.MALFORMED_BYTES, null, null, refused(d, null));
        assertRefused(DeadLetterReason.MALFORMED_BYTES, null, null, refused(d, utf8("{\"a\":1,")));
        assertRefused(DeadLetterReason.MALFORMED_BYTES, null, null,
                refused(d, utf8("{\"a\":1,\"a\":2,\"b\":0,\"label\":\"no\"}")));   // a duplicate key
        assertRefused(DeadLetterReason.MAPPING_FAILED, null, null, refused(d, utf8("[1,2]")));
        Rejection missing = refused(d, utf8("{\"b\":0,\"label\":\"no\"}"));
        assertEquals(DeadLetterReason.MAPPING_FAILED, missing.reason(), missing.getMessage());
        assertEquals("a", missing.field());
        assertRefused(DeadLetterReason.LABEL_OUT_OF_RANGE, "label", null,
                refused(d, utf8("{\"a\":1,\"b\":0,\"label\":\"maybe\"}")));
        assertRefused(DeadLetterReason.VALUE_TOO_LARGE, "features", null,
                refused(d, utf8("{\"a\":1e300,\"b\":0,\"label\":\"no\"}")));
    }

    // ---- avro_record

    private static AvroRecordDecoder avro() {
        return new AvroRecordDecoder(StreamgradSerdes.generic(REGISTRY, false).deserializer(),
                FeatureMapper.fromProperties(MAPPER), MAX_ABS);
    }

    private static byte[] obs(Double a, double b, String label) {
        GenericRecord r = new GenericData.Record(OBS);
        r.put("a", a);
        r.put("b", b);
        r.put("label", label);
        return StreamgradSerdes.generic(REGISTRY, false).serializer().serialize("in", r);
    }

    @Test
    void anAvroRecordIsMapped() throws Rejection {
        InputDecoder.Decoded decoded = avro().decode("in", new RecordHeaders(), obs(1.5, -2, "no"));
        assertEquals(List.of(1.5, -2.0), decoded.event().getFeatures());
        assertEquals(0, decoded.event().getTarget());
        assertInstanceOf(GenericRecord.class, decoded.source());
    }

    @Test
    void anAvroRecordThatDecodedButDidNotMapCarriesItsSchemaId() {
        AvroRecordDecoder d = avro();
        byte[] outOfRange = obs(1.0, 0, "maybe");
        int id = ConfluentWireFormat.readSchemaId(outOfRange);
        assertRefused(DeadLetterReason.LABEL_OUT_OF_RANGE, "label", id, refused(d, outOfRange));
        Rejection missing = refused(d, obs(null, 0, "yes"));
        assertEquals(DeadLetterReason.MAPPING_FAILED, missing.reason(), missing.getMessage());
        assertEquals(id, missing.schemaId());
        assertRefused(DeadLetterReason.VALUE_TOO_LARGE, "features", id, refused(d, obs(1.0, 5e6, "yes")));
        assertRefused(DeadLetterReason.NON_FINITE_VALUE, "features", id, refused(d, obs(Double.NaN, 0, "yes")));
    }

    @Test
    void badAvroBytesGetTheSerdesReason() {
        AvroRecordDecoder d = avro();
        byte[] good = obs(1.0, 0, "no");
        byte[] wrongMagic = Arrays.copyOf(good, good.length);
        wrongMagic[0] = 7;
        assertRefused(DeadLetterReason.WRONG_MAGIC_BYTE, null, null, refused(d, wrongMagic));
        byte[] unknownId = Arrays.copyOf(good, good.length);
        ConfluentWireFormat.writeHeader(9999, unknownId);
        Rejection unknown = refused(d, unknownId);
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, unknown.reason(), unknown.getMessage());
        assertEquals(9999, unknown.schemaId());
        assertRefused(DeadLetterReason.MALFORMED_BYTES, null, null, refused(d, null));
    }
}
