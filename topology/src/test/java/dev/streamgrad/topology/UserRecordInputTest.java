package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.kernel.JavaKernels;
import dev.streamgrad.serde.ConfluentWireFormat;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Prediction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** streamgrad.input.format=avro_record / json: users' own records mapped by the streamgrad.mapper.* keys. */
class UserRecordInputTest {
    private static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Reading\","
            + "\"namespace\":\"user\",\"fields\":["
            + "{\"name\":\"device\",\"type\":\"string\"},"
            + "{\"name\":\"site\",\"type\":{\"type\":\"record\",\"name\":\"Site\",\"fields\":["
            + "{\"name\":\"lat\",\"type\":\"double\"},{\"name\":\"temp\",\"type\":\"float\"}]}},"
            + "{\"name\":\"on\",\"type\":\"boolean\"},"
            + "{\"name\":\"kind\",\"type\":{\"type\":\"enum\",\"name\":\"Kind\",\"symbols\":[\"A\",\"B\",\"C\"]}},"
            + "{\"name\":\"outcome\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    static final String SPEC = "{\"input_size\":6,\"layers\":[{\"size\":5,\"activation\":\"tanh\"},"
            + "{\"size\":1,\"activation\":\"sigmoid\"}],\"loss\":\"binary_cross_entropy\","
            + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.3},\"seed\":11}";
    private static final String[] KINDS = {"A", "B", "C"};
    private final List<Fixture> fixtures = new ArrayList<>();

    @AfterEach
    void closeAll() {
        fixtures.forEach(f -> {
            f.close();
            f.dropScope();
        });
    }

    private static Map<String, Object> props(String scope, String format) {
        Map<String, Object> p = Fixture.props(scope, SPEC);
        p.put(StreamgradConfig.INPUT_FORMAT_CONFIG, format);
        p.put("streamgrad.mapper.features", "site.lat,site.temp,on,kind");
        p.put("streamgrad.mapper.field.kind.vocabulary", "A,B,C");
        p.put("streamgrad.mapper.label", "outcome");
        p.put("streamgrad.mapper.label.classes", "cold,hot");
        return p;
    }

    /** Reading i: its mapped x and its label (hot if warm and on). */
    private static double[] x(int i) {
        double lat = (i % 7) / 7.0;
        float temp = (float) ((i * 37 % 40) - 10) / 10f;
        double on = i % 3 == 0 ? 0 : 1;
        double[] x = {lat, temp, on, 0, 0, 0};
        x[3 + i % 3] = 1;
        return x;
    }

    private static int label(double[] x) {
        return x[1] > 0.5 && x[2] == 1 ? 1 : 0;
    }

    private static GenericRecord reading(String device, int i, String outcome) {
        double[] x = x(i);
        GenericRecord site = new GenericData.Record(SCHEMA.getField("site").schema());
        site.put("lat", x[0]);
        site.put("temp", (float) x[1]);
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("device", device);
        r.put("site", site);
        r.put("on", x[2] == 1);
        r.put("kind", new GenericData.EnumSymbol(SCHEMA.getField("kind").schema(), KINDS[i % 3]));
        r.put("outcome", outcome);
        return r;
    }

    private static String json(int i, boolean labeled) {
        double[] x = x(i);
        return "{\"site\":{\"lat\":" + x[0] + ",\"temp\":" + x[1] + "},\"on\":" + (x[2] == 1) + ",\"kind\":\""
                + KINDS[i % 3] + "\"" + (labeled ? ",\"outcome\":\"" + (label(x) == 1 ? "hot" : "cold") + "\"" : "")
                + "}";
    }

    private static void assertBits(double expected, double actual) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), expected + " vs " + actual);
    }

    @Test
    void avroUserRecordsWithNestedFieldsBooleanEnumAndStringLabelLearnAndPredict(TestInfo info) {
        Map<String, Object> props = props("user-avro-" + info.getDisplayName(), "avro_record");
        props.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "field");
        props.put(StreamgradConfig.MODEL_ID_FIELD_CONFIG, "device");
        Fixture f = new Fixture(props, Fixture.freshDir("user-avro"));
        fixtures.add(f);
        Serializer<GenericRecord> ser = StreamgradSerdes.generic(props, false).serializer();
        String topic = new StreamgradConfig(props).inputTopic();
        Model reference = Model.create(new StreamgradConfig(props).networkSpec(), new JavaKernels());
        int n = 300;
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = x(i);
            f.sendRaw("ignored-key", ser.serialize(topic, reading("dev-1", i, label(x) == 1 ? "hot" : "cold")));
            predictions.addAll(f.predictions.readValuesToList());
            double expected = reference.predict(x)[0];
            assertBits(expected, predictions.get(i).getOutput().get(0));
            reference.learn(x, new double[] {label(x)}, null);
        }
        assertEquals("dev-1", predictions.get(n - 1).getModelId());
        assertEquals(n - 1, predictions.get(n - 1).getModelVersion());
        int correct = 0;
        for (int i = n - 40; i < n; i++) {
            correct += predictions.get(i).getPredictedClass() == label(x(i)) ? 1 : 0;
        }
        assertTrue(correct >= 32, correct + " of the last 40 right");

        f.sendRaw("k", ser.serialize(topic, reading("dev-1", 5, null)));   // unlabeled: predicted, not learned
        Prediction unlabeled = f.predictions.readValue();
        assertEquals(n, unlabeled.getModelVersion());
        assertNull(unlabeled.getLoss());

        byte[] warm = ser.serialize(topic, reading("dev-1", 6, "warm"));
        f.sendRaw("k", warm);
        DeadLetter dl = f.deadLetters.readValue();
        assertEquals(DeadLetterReason.LABEL_OUT_OF_RANGE, dl.getReason());
        assertEquals("outcome", dl.getField());
        assertEquals(ConfluentWireFormat.readSchemaId(warm), dl.getSchemaId(), "the writer schema id");
        assertTrue(dl.getMessage().contains("'warm'"), dl.getMessage());
        assertEquals("k", StandardCharsets.UTF_8.decode(dl.getKey()).toString(), "the original key");
        assertTrue(f.predictions.isEmpty());
    }

    @Test
    void jsonRecordsLearnAndPredictAndAnUnmappableOneIsDeadLetteredWithItsField(TestInfo info) {
        Map<String, Object> props = props("user-json-" + info.getDisplayName(), "json");
        Fixture f = new Fixture(props, Fixture.freshDir("user-json"));
        fixtures.add(f);
        Model reference = Model.create(new StreamgradConfig(props).networkSpec(), new JavaKernels());
        for (int i = 0; i < 50; i++) {
            double[] x = x(i);
            f.sendRaw("m", json(i, true).getBytes(StandardCharsets.UTF_8));
            Prediction pi = f.predictions.readValue();
            assertEquals(i, pi.getModelVersion(), "event " + i);
            assertBits(reference.predict(x)[0], pi.getOutput().get(0));
            reference.learn(x, new double[] {label(x)}, null);
        }
        f.sendRaw("m", "{\"site\":{\"lat\":0.5},\"on\":true,\"kind\":\"B\"}".getBytes(StandardCharsets.UTF_8));
        DeadLetter missing = f.deadLetters.readValue();
        assertEquals(DeadLetterReason.MAPPING_FAILED, missing.getReason());
        assertEquals("site.temp", missing.getField());
        assertTrue(missing.getMessage().contains("site.temp"), missing.getMessage());
        f.sendRaw("m", "{\"site\":{\"lat\":\"north\",\"temp\":1},\"on\":true,\"kind\":\"B\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("site.lat", f.deadLetters.readValue().getField());
        f.sendRaw("m", "{not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(DeadLetterReason.MALFORMED_BYTES, f.deadLetters.readValue().getReason());
        // a duplicate key is refused, not read as its last value (which here would be a valid record)
        f.sendRaw("m", "{\"site\":{\"lat\":\"north\",\"lat\":0.5,\"temp\":1},\"on\":true,\"kind\":\"B\"}"
                .getBytes(StandardCharsets.UTF_8));
        DeadLetter duplicate = f.deadLetters.readValue();
        assertEquals(DeadLetterReason.MALFORMED_BYTES, duplicate.getReason());
        assertTrue(duplicate.getMessage().contains("Duplicate field 'lat'"), duplicate.getMessage());
        f.sendRaw("m", json(3, false).getBytes(StandardCharsets.UTF_8));
        Prediction p = f.predictions.readValue();
        assertEquals(50L, p.getModelVersion());
        assertBits(reference.predict(x(3))[0], p.getOutput().get(0));
    }

    @Test
    void servingScoresJsonRecordsWithTheModelOfANestedIdField(TestInfo info) {
        Map<String, Object> props = props("user-serve-" + info.getDisplayName(), "json");
        props.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "field");
        props.put(StreamgradConfig.MODEL_ID_FIELD_CONFIG, "meta.device");
        Fixture f = new Fixture(props, Fixture.freshDir("user-serve"), StreamgradTopology.serving(props));
        fixtures.add(f);
        Model trained = Model.create(new StreamgradConfig(props).networkSpec(), new JavaKernels());
        for (int i = 0; i < 30; i++) {
            trained.learn(x(i), new double[] {label(x(i))}, null);
        }
        f.driver.createInputTopic(new StreamgradConfig(props).snapshotsTopic(),
                        org.apache.kafka.common.serialization.Serdes.ByteArray().serializer(),
                        f.serde(dev.streamgrad.serde.avro.WeightSnapshot.class).serializer())
                .pipeInput("d7".getBytes(StandardCharsets.UTF_8),
                        dev.streamgrad.serde.snapshot.WeightSnapshots.fromModelState("d7", java.time.Instant.ofEpochMilli(1), trained.state(), java.util.Map.of()));
        String record = json(4, false);
        f.sendRaw(null, ("{\"meta\":{\"device\":\"d7\"}," + record.substring(1)).getBytes(StandardCharsets.UTF_8));
        Prediction p = f.predictions.readValue();
        assertEquals("d7", p.getModelId());
        assertEquals(30L, p.getModelVersion());
        assertBits(trained.predict(x(4))[0], p.getOutput().get(0));
        f.sendRaw(null, record.getBytes(StandardCharsets.UTF_8));
        DeadLetter dl = f.deadLetters.readValue();
        assertEquals(DeadLetterReason.MAPPING_FAILED, dl.getReason());
        assertEquals("meta.device", dl.getField());
    }

    @Test
    void aMapperThatDoesNotFitTheModelOrAnAvroInputWithoutRegistryFailsAtStart() {
        Map<String, Object> wrongDimension = props("user-bad", "json");
        wrongDimension.put("streamgrad.mapper.features", "site.lat,on");
        ConfigException e = assertThrows(ConfigException.class, () -> StreamgradTopology.training(wrongDimension));
        assertTrue(e.getMessage().contains("takes 6"), e.getMessage());
        Map<String, Object> noRegistry = props("user-bad", "avro_record");
        noRegistry.remove("schema.registry.url");
        assertTrue(assertThrows(ConfigException.class, () -> StreamgradTopology.training(noRegistry)).getMessage()
                .contains(StreamgradConfig.INPUT_FORMAT_CONFIG));
        Map<String, Object> noFeatures = props("user-bad", "json");
        noFeatures.remove("streamgrad.mapper.features");
        assertThrows(ConfigException.class, () -> StreamgradTopology.training(noFeatures));
    }
}
