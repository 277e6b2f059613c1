package dev.streamgrad.deploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The configuration table in the project's {@code README.md} is the one generated from
 * {@link ApplicationConfigDef#full()}. When a key is added or changed, regenerate it (see
 * {@link ConfigMarkdown}); this test says so when it is forgotten.
 */
class ReadmeConfigTableTest {

    @Test
    void readmeTableMatchesTheDefinition() throws IOException {
        Path readme = Path.of(System.getProperty("streamgrad.deploy.dir", ""), "..", "README.md")
                .toAbsolutePath().normalize();
        String doc = Files.readString(readme, StandardCharsets.UTF_8);
        assertEquals(ConfigMarkdown.render(ApplicationConfigDef.full()), ConfigMarkdown.section(doc),
                "README.md's configuration table is stale: run java -cp deploy/target/streamgrad.jar"
                        + " dev.streamgrad.deploy.config.ConfigMarkdown README.md");
    }
}
