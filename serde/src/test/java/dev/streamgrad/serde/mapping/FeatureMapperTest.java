package dev.streamgrad.serde.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class FeatureMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SITE = SchemaBuilder.record("Site").fields()
            .requiredDouble("lat").optionalDouble("alt").endRecord();
    private static final Schema READING = SchemaBuilder.record("Reading").namespace("com.example").fields()
            .requiredDouble("temp")
            .requiredInt("count")
            .requiredBoolean("on")
            .name("kind").type().enumeration("Kind").symbols("A", "B", "C").noDefault()
            .requiredString("city")
            .name("site").type(SITE).noDefault()
            .optionalDouble("humidity")
            .name("label").type().unionOf().nullType().and().stringType().endUnion().nullDefault()
            .name("vec").type().array().items().doubleType().noDefault()
            .requiredBytes("blob")
            .endRecord();

    private static GenericRecord reading(Double humidity, String label) {
        GenericRecord site = new GenericData.Record(SITE);
        site.put("lat", 51.5);
        GenericRecord r = new GenericData.Record(READING);
        r.put("temp", 21.5);
        r.put("count", 3);
        r.put("on", true);
        r.put("kind", new GenericData.EnumSymbol(READING.getField("kind").schema(), "B"));
        r.put("city", "paris");
        r.put("site", site);
        r.put("humidity", humidity);
        r.put("label", label);
        r.put("vec", List.of(1.0, 2.0, 3.0));
        r.put("blob", java.nio.ByteBuffer.wrap(new byte[] {1}));
        return r;
    }

    private static FeatureMapper mapper(Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return FeatureMapper.fromProperties(props);
    }

    @Test
    void numericBooleanNestedOneHotAndClassLabel() throws MappingException {
        FeatureMapper m = mapper("streamgrad.mapper.features", "temp,count,on,site.lat,kind",
                "streamgrad.mapper.field.kind.vocabulary", "A,B,C",
                "streamgrad.mapper.label", "label", "streamgrad.mapper.label.classes", "cold,hot");
        assertEquals(7, m.dimension());
        Example e = m.map(reading(0.4, "hot"));
        assertArrayEquals(new double[] {21.5, 3, 1, 51.5, 0, 1, 0}, e.x());
        assertEquals(new Label.ClassIndex(1), e.y());
        assertNull(m.map(reading(0.4, null)).y(), "null label: unlabeled");
        LabeledEvent event = e.toLabeledEvent();
        assertEquals(1, event.getTarget());
        assertEquals(7, event.getFeatures().size());
    }

    @Test
    void hashedStringsAreStableOneHots() throws MappingException {
        FeatureMapper m = mapper("streamgrad.mapper.features", "city", "streamgrad.mapper.field.city.hash.buckets", "8");
        double[] x = m.map(reading(null, null)).x();
        assertEquals(8, x.length);
        assertEquals(1.0, java.util.Arrays.stream(x).sum());
        assertArrayEquals(x, mapper("streamgrad.mapper.features", "city",
                "streamgrad.mapper.field.city.hash.buckets", 8).map(reading(1.0, null)).x());
    }

    @Test
    void unknownCategory() throws MappingException {
        FeatureMapper zero = mapper("streamgrad.mapper.features", "city", "streamgrad.mapper.field.city.vocabulary", "rome,oslo");
        assertArrayEquals(new double[] {0, 0}, zero.map(reading(null, null)).x());
        FeatureMapper fail = mapper("streamgrad.mapper.features", "city", "streamgrad.mapper.field.city.vocabulary",
                "rome,oslo", "streamgrad.mapper.unknown.category", "fail");
        MappingException e = assertThrows(MappingException.class, () -> fail.map(reading(null, null)));
        assertEquals("city", e.field());
        assertTrue(e.getMessage().contains("'paris'"), e.getMessage());
    }

    @Test
    void missingValuePolicies() throws MappingException {
        MappingException e = assertThrows(MappingException.class,
                () -> mapper("streamgrad.mapper.features", "temp,humidity").map(reading(null, null)));
        assertEquals("humidity", e.field());
        assertEquals(DeadLetterReason.MAPPING_FAILED, e.reason());
        assertTrue(e.getMessage().contains("field 'humidity'") && e.getMessage().contains("missing"), e.getMessage());

        assertArrayEquals(new double[] {21.5, 0}, mapper("streamgrad.mapper.features", "temp,humidity",
                "streamgrad.mapper.missing.policy", "zero").map(reading(null, null)).x());

        FeatureMapper mean = mapper("streamgrad.mapper.features", "temp,humidity,site.alt", "streamgrad.mapper.missing.policy", "MEAN");
        assertArrayEquals(new double[] {21.5, 0, 0}, mean.map(reading(null, null)).x(), "no value seen yet: 0");
        mean.map(reading(0.2, null));
        mean.map(reading(0.4, null));
        assertEquals(0.3, mean.map(reading(null, null)).x()[1], 1e-15);
        assertArrayEquals(new double[] {21.5, 0.3, 0}, mean.map(reading(null, null)).x(), 1e-15);
    }

    @Test
    void arrayFeaturesAndVectorLabel() throws MappingException {
        FeatureMapper m = mapper("streamgrad.mapper.features.array", "vec", "streamgrad.mapper.label", "vec",
                "streamgrad.mapper.label.type", "vector");
        Example e = m.map(reading(null, null));
        assertArrayEquals(new double[] {1, 2, 3}, e.x());
        assertEquals(new Label.Vector(new double[] {1, 2, 3}), e.y());
        FeatureMapper sized = mapper("streamgrad.mapper.features.array", "vec", "streamgrad.mapper.features.array.size", 4);
        MappingException wrong = assertThrows(MappingException.class, () -> sized.map(reading(null, null)));
        assertEquals(DeadLetterReason.WRONG_DIMENSION, wrong.reason());
    }

    @Test
    void jsonObjects() throws Exception {
        FeatureMapper m = mapper("streamgrad.mapper.features", "a,b.c,flag,color",
                "streamgrad.mapper.field.color.vocabulary", List.of("red", "green"),
                "streamgrad.mapper.label", "y", "streamgrad.mapper.id", "id", "streamgrad.mapper.missing.policy", "zero");
        JsonNode json = JSON.readTree("{\"a\":1,\"b\":{\"c\":2.5},\"flag\":false,\"color\":\"green\",\"y\":0.75,\"id\":\"x1\"}");
        Example e = m.map(json);
        assertArrayEquals(new double[] {1, 2.5, 0, 0, 1}, e.x());
        assertEquals(new Label.Number(0.75), e.y());
        assertEquals("x1", e.id());
        assertArrayEquals(new double[] {0, 0, 0, 0, 0}, m.map(JSON.readTree("{\"b\":null}")).x());
        assertThrows(MappingException.class, () -> m.map(JSON.readTree("[1,2]")));
        MappingException e2 = assertThrows(MappingException.class, () -> m.map(JSON.readTree("{\"a\":\"high\"}")));
        assertEquals("a", e2.field());
        assertTrue(e2.getMessage().contains("streamgrad.mapper.field.a.vocabulary"), e2.getMessage());
        MappingException e3 = assertThrows(MappingException.class, () -> m.map(JSON.readTree("{\"a\":{\"x\":1}}")));
        assertTrue(e3.getMessage().contains("unsupported type JSON object"), e3.getMessage());
    }

    @Test
    void labelErrors() throws Exception {
        FeatureMapper classes = mapper("streamgrad.mapper.features", "a", "streamgrad.mapper.label", "y",
                "streamgrad.mapper.label.classes", "no,yes");
        assertEquals(new Label.ClassIndex(1), classes.map(JSON.readTree("{\"a\":1,\"y\":true}")).y());
        assertEquals(new Label.ClassIndex(0), classes.map(JSON.readTree("{\"a\":1,\"y\":0}")).y());
        MappingException unknown = assertThrows(MappingException.class, () -> classes.map(JSON.readTree("{\"a\":1,\"y\":\"maybe\"}")));
        assertEquals(DeadLetterReason.LABEL_OUT_OF_RANGE, unknown.reason());
        assertEquals("y", unknown.field());
        assertEquals(DeadLetterReason.LABEL_OUT_OF_RANGE,
                assertThrows(MappingException.class, () -> classes.map(JSON.readTree("{\"a\":1,\"y\":2}"))).reason());
        assertEquals(DeadLetterReason.LABEL_OUT_OF_RANGE,
                assertThrows(MappingException.class, () -> classes.map(JSON.readTree("{\"a\":1,\"y\":0.5}"))).reason());
        FeatureMapper number = mapper("streamgrad.mapper.features", "a", "streamgrad.mapper.label", "y");
        assertEquals(new Label.Number(1.0), number.map(JSON.readTree("{\"a\":1,\"y\":true}")).y());
        assertThrows(MappingException.class, () -> number.map(JSON.readTree("{\"a\":1,\"y\":\"big\"}")));
        assertThrows(MappingException.class, () -> mapper("streamgrad.mapper.features.array", "a",
                "streamgrad.mapper.label", "y", "streamgrad.mapper.label.type", "vector").map(JSON.readTree("{\"a\":[1],\"y\":3}")));
    }

    @Test
    void unsupportedAvroTypesAreNamed() {
        MappingException e = assertThrows(MappingException.class,
                () -> mapper("streamgrad.mapper.features", "blob").map(reading(null, null)));
        assertTrue(e.getMessage().contains("field 'blob'") && e.getMessage().contains("bytes"), e.getMessage());
        MappingException r = assertThrows(MappingException.class,
                () -> mapper("streamgrad.mapper.features", "site").map(reading(null, null)));
        assertTrue(r.getMessage().contains("record Site"), r.getMessage());
    }

    @Test
    void configErrors() {
        assertThrows(ConfigException.class, () -> mapper());
        assertThrows(ConfigException.class, () -> mapper("streamgrad.mapper.features", "a", "streamgrad.mapper.features.array", "b"));
        assertThrows(ConfigException.class, () -> mapper("streamgrad.mapper.features", "a", "streamgrad.mapper.missing.policy", "guess"));
        assertThrows(ConfigException.class, () -> mapper("streamgrad.mapper.features", "a", "streamgrad.mapper.label.type", "text"));
        assertThrows(ConfigException.class, () -> mapper("streamgrad.mapper.features", "a", "streamgrad.mapper.field.a.hash.buckets", "0"));
        assertThrows(ConfigException.class, () -> mapper("streamgrad.mapper.features", "a",
                "streamgrad.mapper.field.a.hash.buckets", "4", "streamgrad.mapper.field.a.vocabulary", "x"));
    }
}
