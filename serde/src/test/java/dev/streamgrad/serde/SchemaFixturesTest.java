package dev.streamgrad.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution guard: the bytes written by each released schema version (committed under
 * {@code src/test/resources/fixtures/<version>/}, single-object encoded, with the writer schema beside them) must
 * keep decoding into the current classes with the same values. Never regenerate a released version's fixtures;
 * add a new version directory instead ({@code -Dstreamgrad.fixtures.write=v2} writes the current schemas' bytes).
 */
class SchemaFixturesTest {
    private static final List<String> VERSIONS = List.of("v1");
    private static final Map<Class<? extends SpecificRecord>, SpecificRecord> SAMPLES = Map.of(
            LabeledEvent.class, TestRecords.event(), Prediction.class, TestRecords.prediction(),
            WeightSnapshot.class, TestRecords.snapshot(), DeadLetter.class, TestRecords.deadLetter());

    @Test
    void releasedFixturesStillDecode() throws IOException {
        for (String version : VERSIONS) {
            for (Map.Entry<Class<? extends SpecificRecord>, SpecificRecord> sample : SAMPLES.entrySet()) {
                String name = sample.getKey().getSimpleName();
                Schema writer = new Schema.Parser().parse(resource(version, name + ".avsc"));
                byte[] bytes = resource(version, name + ".bin").readAllBytes();
                @SuppressWarnings("unchecked")
                Class<SpecificRecord> type = (Class<SpecificRecord>) sample.getKey();
                // registry-free reader that knows the old writer schema (as ShippedSchemas' history does)
                Serde<SpecificRecord> serde = StreamgradSerdes.singleObject(type,
                        new SingleObjectEncoding(List.of(writer)));
                SpecificRecord decoded = serde.deserializer().deserialize("fixtures", bytes);
                // the fixtures hold the v1 sample values; fields added later take their defaults
                assertEquals(sample.getValue().toString(), decoded.toString(), version + "/" + name);
            }
        }
    }

    @Test
    void aLaterSchemaWithANewFieldReadsTheReleasedBytes() throws IOException {
        Schema v1 = new Schema.Parser().parse(resource("v1", "WeightSnapshot.avsc"));
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : v1.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field("addedLater", Schema.create(Schema.Type.STRING), "a future field", "none"));
        Schema later = Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
        byte[] bytes = resource("v1", "WeightSnapshot.bin").readAllBytes();
        org.apache.avro.generic.GenericRecord r = new dev.streamgrad.serde.internal.AvroCodec()
                .decode(bytes, SingleObjectEncoding.HEADER_SIZE, v1, later, false);
        assertEquals("none", r.get("addedLater").toString());
        assertEquals(1234L, r.get("version"));
    }

    @Test
    void writeFixturesWhenAsked() throws IOException {
        String version = System.getProperty("streamgrad.fixtures.write");
        if (version == null) {
            return;
        }
        Path dir = Path.of("src/test/resources/fixtures", version);
        Files.createDirectories(dir);
        for (Map.Entry<Class<? extends SpecificRecord>, SpecificRecord> sample : SAMPLES.entrySet()) {
            String name = sample.getKey().getSimpleName();
            Files.writeString(dir.resolve(name + ".avsc"), sample.getValue().getSchema().toString());
            Files.write(dir.resolve(name + ".bin"), new SingleObjectSerializer<SpecificRecord>()
                    .serialize("fixtures", sample.getValue()));
        }
    }

    private static InputStream resource(String version, String file) {
        InputStream in = SchemaFixturesTest.class.getResourceAsStream("/fixtures/" + version + "/" + file);
        assertNotNull(in, "missing fixture " + version + "/" + file);
        return in;
    }
}
