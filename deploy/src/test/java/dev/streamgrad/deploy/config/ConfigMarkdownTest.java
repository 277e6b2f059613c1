package dev.streamgrad.deploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ConfigMarkdownTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = ConfigMarkdownTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void rendersOneRowPerKeyInDefinitionOrder() {
        assertEquals("""
                | name | type | default | valid values | description |
                | --- | --- | --- | --- | --- |
                | `streamgrad.http.enabled` | boolean | `true` |  | Whether to serve /health, /ready and /metrics over HTTP. |
                | `streamgrad.http.port` | int | `8080` | [0,...,65535] | Port of the HTTP endpoint (/health, /ready, /metrics); 0 picks a free port. |
                | `streamgrad.http.bind.address` | string | `127.0.0.1` | [127.0.0.1, 0.0.0.0] | Address the HTTP endpoint binds: 127.0.0.1 (this host only) or 0.0.0.0 (all interfaces: needed in a container so that probes and scrapers reach it). |
                | `streamgrad.model.max.values` | long | `0` | [0,...] | The most doubles a model may hold (weights, biases, optimiser slots, scaler); a larger model.spec is refused at start with exit 2 before anything is allocated. 0 = an eighth of the JVM's maximum heap (-Xmx). Also a system property of the same name (for train). |
                | `streamgrad.mode` | string | `training` | [training, serving] | What 'run' runs: 'training' (the learning topology: predictions, snapshots, metrics, dead letters) or 'serving' (no training: each event scored with the latest snapshot of its model from the snapshot topic). |
                | `streamgrad.input.topic` | string | (required) |  | Topic of labeled events. |
                | `streamgrad.learning.rate` | double | `0.01` | [0.0,...] | SGD step size. |
                | `streamgrad.registry.password` | password | null |  | Registry password. |
                """, ConfigMarkdown.render(ConfigLoaderTest.testDef()));
    }

    @Test
    void escapesPipesAndLineBreaks() {
        var def = new org.apache.kafka.common.config.ConfigDef().define("streamgrad.x",
                org.apache.kafka.common.config.ConfigDef.Type.STRING, "a|b",
                org.apache.kafka.common.config.ConfigDef.Importance.LOW, "one\ntwo | three");
        assertEquals("| `streamgrad.x` | string | `a\\|b` |  | one two \\| three |",
                ConfigMarkdown.render(def).split("\n")[2]);
    }

    /** The sync check the README gets: the committed section must equal the table rendered from the definition. */
    @Test
    void documentSectionIsInSyncWithTheDefinition() throws IOException {
        String doc = resource("config-doc.md");
        assertEquals(ConfigMarkdown.render(ConfigLoaderTest.testDef()), ConfigMarkdown.section(doc));
    }

    @Test
    void aStaleSectionIsDetectedAndReplaced() throws IOException {
        String doc = resource("config-doc.md");
        String table = ConfigMarkdown.render(DeployConfig.configDef());
        assertNotEquals(table, ConfigMarkdown.section(doc));
        String updated = ConfigMarkdown.replaceSection(doc, table);
        assertEquals(table, ConfigMarkdown.section(updated));
        assertEquals(doc.substring(0, doc.indexOf(ConfigMarkdown.BEGIN)),
                updated.substring(0, updated.indexOf(ConfigMarkdown.BEGIN)));
        assertEquals(doc.substring(doc.indexOf(ConfigMarkdown.END)), updated.substring(updated.indexOf(ConfigMarkdown.END)));
    }

    @Test
    void documentWithoutMarkersIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ConfigMarkdown.section("# no table here\n"));
    }
}
