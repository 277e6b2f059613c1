package dev.streamgrad.serde.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgrad.serde.avro.DeadLetterReason;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Users' own late-label records mapped to streamgrad's Label, labels mapped as FeatureMapper maps them. */
class LabelRecordMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anAvroRecordWithNestedPathsAndAnEnumClass() throws Exception {
        Schema outcome = SchemaBuilder.enumeration("Outcome").symbols("ok", "fraud");
        Schema meta = SchemaBuilder.record("Meta").fields().requiredString("payment").requiredString("merchant")
                .endRecord();
        Schema schema = SchemaBuilder.record("Chargeback").fields().name("meta").type(meta).noDefault()
                .name("outcome").type(outcome).noDefault().endRecord();
        GenericRecord m = new GenericData.Record(meta);
        m.put("payment", "pay-1");
        m.put("merchant", "merchant-42");
        GenericRecord r = new GenericData.Record(schema);
        r.put("meta", m);
        r.put("outcome", new GenericData.EnumSymbol(outcome, "fraud"));
        LabelRecordMapper mapper = LabelRecordMapper.fromProperties(Map.of(
                LabelMapperConfig.EVENT_ID_CONFIG, "meta.payment", LabelMapperConfig.LABEL_CONFIG, "outcome",
                LabelMapperConfig.LABEL_CLASSES_CONFIG, "ok,fraud", LabelMapperConfig.MODEL_ID_CONFIG, "meta.merchant"));
        dev.streamgrad.serde.avro.Label l = mapper.map(r);
        assertEquals("pay-1", l.getEventId());
        assertEquals(1, l.getTarget());
        assertEquals("merchant-42", l.getModelId());
    }

    @Test
    void jsonNumbersVectorsAndTheirFailures() throws Exception {
        LabelRecordMapper numbers = LabelRecordMapper.fromProperties(Map.of(
                LabelMapperConfig.EVENT_ID_CONFIG, "id", LabelMapperConfig.LABEL_CONFIG, "reading"));
        dev.streamgrad.serde.avro.Label l = numbers.map(JSON.readTree("{\"id\":17,\"reading\":2.5}"));
        assertEquals("17", l.getEventId());
        assertEquals(2.5, l.getTarget());
        assertNull(l.getModelId());
        LabelRecordMapper vectors = LabelRecordMapper.fromProperties(Map.of(
                LabelMapperConfig.EVENT_ID_CONFIG, "id", LabelMapperConfig.LABEL_CONFIG, "y",
                LabelMapperConfig.LABEL_TYPE_CONFIG, "vector"));
        assertEquals(List.of(0.25, 0.75), vectors.map(JSON.readTree("{\"id\":\"a\",\"y\":[0.25,0.75]}")).getTarget());

        MappingException noId = assertThrows(MappingException.class, () -> numbers.map(JSON.readTree(
                "{\"reading\":1}")));
        assertEquals("id", noId.field());
        assertEquals(DeadLetterReason.MAPPING_FAILED, noId.reason());
        MappingException noLabel = assertThrows(MappingException.class, () -> numbers.map(JSON.readTree(
                "{\"id\":1,\"reading\":null}")));
        assertEquals("reading", noLabel.field());
        MappingException text = assertThrows(MappingException.class, () -> numbers.map(JSON.readTree(
                "{\"id\":1,\"reading\":\"high\"}")));
        assertEquals(DeadLetterReason.MAPPING_FAILED, text.reason());
        LabelRecordMapper classes = LabelRecordMapper.fromProperties(Map.of(
                LabelMapperConfig.EVENT_ID_CONFIG, "id", LabelMapperConfig.LABEL_CONFIG, "c",
                LabelMapperConfig.LABEL_CLASSES_CONFIG, "no,yes"));
        assertEquals(DeadLetterReason.LABEL_OUT_OF_RANGE, assertThrows(MappingException.class,
                () -> classes.map(JSON.readTree("{\"id\":1,\"c\":\"maybe\"}"))).reason());
        assertEquals(DeadLetterReason.MAPPING_FAILED, assertThrows(MappingException.class,
                () -> classes.map(JSON.readTree("[1,2]"))).reason());
    }

    @Test
    void theEventIdAndTheLabelPathsAreRequired() {
        ConfigException e = assertThrows(ConfigException.class, () -> LabelRecordMapper.fromProperties(Map.of(
                LabelMapperConfig.LABEL_CONFIG, "y")));
        assertEquals(true, e.getMessage().contains(LabelMapperConfig.EVENT_ID_CONFIG), e.getMessage());
        assertThrows(ConfigException.class, () -> LabelRecordMapper.fromProperties(Map.of(
                LabelMapperConfig.EVENT_ID_CONFIG, "id", LabelMapperConfig.LABEL_TYPE_CONFIG, "tensor",
                LabelMapperConfig.LABEL_CONFIG, "y")));
    }
}
