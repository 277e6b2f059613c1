package dev.streamgrad.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {

    /** produce prints the wire format: the registry URL's user info must not reach the terminal or logs. */
    @Test
    void theWireFormatReportMasksTheRegistryUserInfo(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "schema.registry.url=https://alice:hunter2@sr.example:8081\n", StandardCharsets.UTF_8);
        assertEquals("Confluent wire format, registry https://***@sr.example:8081",
                ClientSettings.load(config).wireFormat());
    }
}
