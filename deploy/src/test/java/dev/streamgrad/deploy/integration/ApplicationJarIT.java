package dev.streamgrad.deploy.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The packaged application jar runs on its own: {@code java -jar streamgrad.jar --help} in a child JVM. */
@Tag("integration")
class ApplicationJarIT {

    private static final Path JAR = Path.of(System.getProperty("streamgrad.app.jar", "target/streamgrad.jar"));

    private record Run(int code, String out, String err) {
    }

    private static Run java(String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("streamgrad-out", ".txt");
        Path err = Files.createTempFile("streamgrad-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the jar answered within 60 s");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void helpExitsZeroWithTheUsage() throws Exception {
        Run r = java("--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: streamgrad [-hV] [COMMAND]"), r.out());
        assertTrue(r.out().contains("demo") && r.out().contains("run") && r.out().contains("produce")
                && r.out().contains("export") && r.out().contains("train"), r.out());
    }

    @Test
    void anArgumentErrorExitsTwoWithOneLine() throws Exception {
        Run r = java("demo", "--events", "-1");
        assertEquals(2, r.code());
        assertEquals("streamgrad demo: --events must be at least 1, got -1 (see 'streamgrad demo --help')\n", r.err());
    }

    @Test
    void manifestNamesTheMainClassAndNoSignatureFilesRemain() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals("dev.streamgrad.deploy.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertEquals("true", jar.getManifest().getMainAttributes().getValue("Multi-Release"));
            assertTrue(jar.stream().noneMatch(e -> e.getName().matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")));
            assertTrue(jar.getEntry("kafka/server/KafkaRaftServer.class") != null, "the broker is inside");
        }
    }
}
