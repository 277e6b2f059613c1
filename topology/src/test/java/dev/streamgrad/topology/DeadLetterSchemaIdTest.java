package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamgrad.serde.ConfluentWireFormat;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** A user's Avro record that decoded but did not map is dead-lettered with its writer schema id (issue 10). */
class DeadLetterSchemaIdTest {
    private static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Obs\","
            + "\"namespace\":\"user\",\"fields\":[{\"name\":\"a\",\"type\":[\"null\",\"double\"]},"
            + "{\"name\":\"b\",\"type\":\"double\"},{\"name\":\"label\",\"type\":\"string\"}]}");

    private static GenericRecord obs(Double a, String label) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("a", a);
        r.put("b", 0.5);
        r.put("label", label);
        return r;
    }

    @Test
    void mappingFailuresOfDecodedAvroRecordsNameTheWriterSchemaId() {
        Map<String, Object> props = Fixture.props("dead-letter-schema-id", Fixture.XOR_SPEC);
        props.put(StreamgradConfig.INPUT_FORMAT_CONFIG, "avro_record");
        props.put("streamgrad.mapper.features", "a,b");
        props.put("streamgrad.mapper.label", "label");
        props.put("streamgrad.mapper.label.classes", "no,yes");
        try (Fixture f = new Fixture(props, Fixture.freshDir("dead-letter-schema-id"))) {
            Serializer<GenericRecord> ser = StreamgradSerdes.generic(props, false).serializer();
            String topic = new StreamgradConfig(props).inputTopic();
            byte[] outOfRange = ser.serialize(topic, obs(1.0, "maybe"));
            byte[] missing = ser.serialize(topic, obs(null, "yes"));
            int id = ConfluentWireFormat.readSchemaId(outOfRange);

            f.sendRaw("k", outOfRange);
            DeadLetter label = f.deadLetters.readValue();
            assertEquals(DeadLetterReason.LABEL_OUT_OF_RANGE, label.getReason());
            assertEquals(id, label.getSchemaId());

            f.sendRaw("k", missing);
            DeadLetter feature = f.deadLetters.readValue();
            assertEquals(DeadLetterReason.MAPPING_FAILED, feature.getReason(), feature.getMessage());
            assertEquals(id, feature.getSchemaId());
        } finally {
            dev.streamgrad.serde.registry.MockSchemaRegistry.dropScope("dead-letter-schema-id");
        }
    }
}
