package dev.streamgrad.deploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    /** A small definition standing in for the topology's: one required key, one ranged, one password. */
    static ConfigDef testDef() {
        return ConfigDefs.merge(DeployConfig.configDef(), new ConfigDef()
                .define("streamgrad.input.topic", Type.STRING, Importance.HIGH, "Topic of labeled events.")
                .define("streamgrad.learning.rate", Type.DOUBLE, 0.01, ConfigDef.Range.atLeast(0.0),
                        Importance.HIGH, "SGD step size.")
                .define("streamgrad.registry.password", Type.PASSWORD, null, Importance.LOW, "Registry password."));
    }

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("app.properties"), text);
    }

    @Test
    void environmentOverridesTheFileAndKafkaKeysPassThrough() throws Exception {
        Path f = file("streamgrad.input.topic=events\nstreamgrad.http.port=9000\nbootstrap.servers=file:9092\n"
                + "application.id=sg\n");
        LoadedConfig c = new ConfigLoader(testDef()).load(f, Map.of(
                "STREAMGRAD_HTTP_PORT", "9100",
                "STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                "UNRELATED", "x"));
        assertEquals(9100, c.streamgrad().getInt(DeployConfig.HTTP_PORT_CONFIG));
        assertEquals("events", c.streamgrad().getString("streamgrad.input.topic"));
        assertEquals(0.01, c.streamgrad().getDouble("streamgrad.learning.rate"));      // default
        assertEquals("127.0.0.1", c.streamgrad().getString(DeployConfig.HTTP_BIND_ADDRESS_CONFIG));
        assertEquals("environment variable STREAMGRAD_HTTP_PORT", c.origin("streamgrad.http.port"));
        assertEquals("file " + f, c.origin("streamgrad.input.topic"));
        assertNull(c.origin("streamgrad.learning.rate"));
        Properties kafka = c.kafkaProperties();
        assertEquals(2, kafka.size());
        assertEquals("env:9092", kafka.getProperty("bootstrap.servers"));
        assertEquals("sg", kafka.getProperty("application.id"));
    }

    @Test
    void httpAddressFollowsTheConfiguration() throws Exception {
        LoadedConfig c = new ConfigLoader(testDef()).load(null, Map.of("STREAMGRAD_INPUT_TOPIC", "in",
                "STREAMGRAD_HTTP_BIND_ADDRESS", "0.0.0.0", "STREAMGRAD_HTTP_PORT", "9999"));
        assertEquals(new java.net.InetSocketAddress("0.0.0.0", 9999), DeployConfig.httpAddress(c.streamgrad()));
        LoadedConfig off = new ConfigLoader(testDef()).load(null, Map.of("STREAMGRAD_INPUT_TOPIC", "in",
                "STREAMGRAD_HTTP_ENABLED", "false"));
        assertNull(DeployConfig.httpAddress(off.streamgrad()));
    }

    @Test
    void worksWithoutAFile() throws Exception {
        LoadedConfig c = new ConfigLoader(testDef()).load(null, Map.of("STREAMGRAD_INPUT_TOPIC", "in"));
        assertEquals("in", c.streamgrad().getString("streamgrad.input.topic"));
    }

    @Test
    void aConfigClassOnTheSameDefinitionAcceptsTheValues() throws Exception {
        LoadedConfig c = new ConfigLoader(testDef()).load(null, Map.of("STREAMGRAD_INPUT_TOPIC", "in",
                "STREAMGRAD_KAFKA_APPLICATION_ID", "sg"));
        // what the lead's wiring does with the topology's StreamgradConfig(Map)
        org.apache.kafka.common.config.AbstractConfig own =
                new org.apache.kafka.common.config.AbstractConfig(testDef(), c.values(), false);
        assertEquals("in", own.getString("streamgrad.input.topic"));
    }

    @Test
    void badValueNamesKeyOriginAndWhatIsAllowed() throws IOException {
        Path f = file("streamgrad.input.topic=events\nstreamgrad.learning.rate=-1\n");
        ConfigLoadException e = assertThrows(ConfigLoadException.class,
                () -> new ConfigLoader(testDef()).load(f, Map.of()));
        assertEquals("invalid value '-1' for streamgrad.learning.rate (from file " + f
                + "): expected DOUBLE, allowed [0.0,...]", e.getMessage());
        assertTrue(e.getCause() instanceof ConfigException);
    }

    @Test
    void wrongTypeFromTheEnvironmentNamesTheVariable() {
        ConfigLoadException e = assertThrows(ConfigLoadException.class, () -> new ConfigLoader(testDef())
                .load(null, Map.of("STREAMGRAD_INPUT_TOPIC", "in", "STREAMGRAD_HTTP_ENABLED", "maybe")));
        assertEquals("invalid value 'maybe' for streamgrad.http.enabled (from environment variable"
                + " STREAMGRAD_HTTP_ENABLED): expected BOOLEAN", e.getMessage());
    }

    @Test
    void passwordValuesAreNotEchoed() {
        ConfigDef def = new ConfigDef().define("streamgrad.secret", Type.PASSWORD, null,
                (name, value) -> {
                    if (value != null) {
                        throw new ConfigException(name, "[hidden]", "too short");
                    }
                }, Importance.LOW, "A secret.");
        ConfigLoadException e = assertThrows(ConfigLoadException.class,
                () -> new ConfigLoader(def).load(null, Map.of("STREAMGRAD_SECRET", "hunter2")));
        assertTrue(e.getMessage().startsWith("invalid value [hidden] for streamgrad.secret"), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void missingRequiredKey() {
        ConfigLoadException e = assertThrows(ConfigLoadException.class,
                () -> new ConfigLoader(testDef()).load(null, Map.of()));
        assertEquals("missing required key streamgrad.input.topic (expected STRING): Topic of labeled events.",
                e.getMessage());
    }

    @Test
    void unknownStreamgradKeyIsAnErrorWithASuggestion() throws IOException {
        Path f = file("streamgrad.input.topic=events\nstreamgrad.htp.port=1\n");
        ConfigLoadException e = assertThrows(ConfigLoadException.class,
                () -> new ConfigLoader(testDef()).load(f, Map.of()));
        assertEquals("unknown key streamgrad.htp.port (from file " + f + "); did you mean streamgrad.http.port?",
                e.getMessage());
    }

    @Test
    void unreadableFile() {
        Path missing = dir.resolve("nope.properties");
        ConfigLoadException e = assertThrows(ConfigLoadException.class,
                () -> new ConfigLoader(testDef()).load(missing, Map.of()));
        assertTrue(e.getMessage().startsWith("cannot read config file " + missing + ": NoSuchFileException"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void mergeRejectsDuplicateKeys() {
        assertThrows(ConfigException.class, () -> ConfigDefs.merge(DeployConfig.configDef(), DeployConfig.configDef()));
    }

    @Test
    void theMapperKeysAreKnownToRunFromTheFileAndTheEnvironment() throws Exception {
        Path f = file("streamgrad.model.spec=3,1:identity\nstreamgrad.input.format=json\n"
                + "streamgrad.mapper.features=a,b,color\nstreamgrad.mapper.field.color.vocabulary=red\n"
                + "streamgrad.mapper.field.city.hash.buckets=8\n");
        LoadedConfig c = new ConfigLoader(ApplicationConfigDef.full()).load(f, Map.of(
                "STREAMGRAD_MAPPER_LABEL", "y", "STREAMGRAD_MAPPER_MISSING_POLICY", "zero"));
        assertEquals("y", c.values().get("streamgrad.mapper.label"));
        assertEquals("environment variable STREAMGRAD_MAPPER_LABEL", c.origin("streamgrad.mapper.label"));
        assertEquals("red", c.values().get("streamgrad.mapper.field.color.vocabulary"));
        // what run then builds from them
        dev.streamgrad.serde.mapping.FeatureMapperConfig mapper =
                new dev.streamgrad.serde.mapping.FeatureMapperConfig(c.values());
        assertEquals(java.util.List.of("red"), mapper.vocabularies().get("color"));
        assertEquals(8, mapper.hashBuckets().get("city"));
        assertEquals("zero", mapper.getString("streamgrad.mapper.missing.policy"));
        ConfigDef full = ApplicationConfigDef.full();
        assertTrue(ConfigMarkdown.render(full).contains("streamgrad.mapper.features"));
    }

    @Test
    void aMisspeltOrBadMapperKeyIsStillRefused() throws Exception {
        ConfigLoadException typo = assertThrows(ConfigLoadException.class, () -> new ConfigLoader(
                ApplicationConfigDef.full()).load(null, Map.of("STREAMGRAD_MAPPER_FEATURE", "a", "STREAMGRAD_MODEL_SPEC", "2,1:identity")));
        assertTrue(typo.getMessage().contains("did you mean streamgrad.mapper.features?"), typo.getMessage());
        ConfigLoadException bad = assertThrows(ConfigLoadException.class, () -> new ConfigLoader(
                ApplicationConfigDef.full()).load(null, Map.of("STREAMGRAD_MAPPER_MISSING_POLICY", "guess",
                "STREAMGRAD_MODEL_SPEC", "2,1:identity")));
        assertTrue(bad.getMessage().contains("streamgrad.mapper.missing.policy"), bad.getMessage());
        ConfigLoadException field = assertThrows(ConfigLoadException.class, () -> new ConfigLoader(
                ApplicationConfigDef.full()).load(null, Map.of("STREAMGRAD_MAPPER_FIELD_COLOR_VOCABULARIES", "a",
                "STREAMGRAD_MODEL_SPEC", "2,1:identity")));
        assertTrue(field.getMessage().contains("unknown key streamgrad.mapper.field.color.vocabularies"),
                field.getMessage());
    }
}
