package dev.streamgrad.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.registry.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The forward-compatible change the README invites: a producer adds fields to LabeledEvent, and the learner (reading
 * with the shipped schema) still decodes every record. The extra fields are skipped, which is what broke (issue 10).
 */
class SchemaEvolutionTest {
    private static final String SCOPE = "SchemaEvolutionTest";
    private static final Map<String, Object> CONFIG = Map.of("schema.registry.url", "mock://" + SCOPE);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    /** LabeledEvent's schema with extra fields of the given types appended; each has a default. */
    private static Schema labeledEventWith(String... extraTypes) {
        Schema shipped = LabeledEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : shipped.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        for (int i = 0; i < extraTypes.length; i++) {
            Schema type = Schema.create(Schema.Type.valueOf(extraTypes[i].toUpperCase()));
            fields.add(new Schema.Field("extra" + i, type, null, (Object) null));
        }
        return Schema.createRecord(shipped.getName(), shipped.getDoc(), shipped.getNamespace(), false, fields);
    }

    private static LabeledEvent writeThenRead(Schema writer, Object... extraValues) {
        LabeledEvent expected = TestRecords.event();
        GenericRecordBuilder b = new GenericRecordBuilder(writer);
        for (Schema.Field f : LabeledEvent.getClassSchema().getFields()) {
            Object v = expected.get(f.pos());
            // the generic writer has no logical-type conversions: write the timestamp as its long
            b.set(f.name(), v instanceof Instant t ? (Object) t.toEpochMilli() : GenericData.get().deepCopy(f.schema(), v));
        }
        for (int i = 0; i < extraValues.length; i++) {
            b.set("extra" + i, extraValues[i]);
        }
        GenericRecord written = b.build();
        byte[] bytes = StreamgradSerdes.generic(CONFIG, false).serializer().serialize("events", written);
        return StreamgradSerdes.specific(LabeledEvent.class, CONFIG, false).deserializer().deserialize("events", bytes);
    }

    @Test
    void aWriterWithOneExtraStringFieldDecodes() {
        assertEquals(TestRecords.event(), writeThenRead(labeledEventWith("string"), "a note the learner does not read"));
    }

    @Test
    void aWriterWithOneExtraBytesFieldDecodes() {
        assertEquals(TestRecords.event(), writeThenRead(labeledEventWith("bytes"),
                ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5, 4, 3})));
    }

    @Test
    void aWriterWithSeveralExtraStringAndBytesFieldsDecodes() {
        assertEquals(TestRecords.event(), writeThenRead(labeledEventWith("string", "bytes", "string"), "x",
                ByteBuffer.wrap(new byte[300]), "a longer value whose length prefix takes two bytes".repeat(5)));
    }
}
