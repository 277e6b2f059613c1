package dev.streamgrad.serde.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry in a child JVM on 127.0.0.1 and a free port, in-memory storage. The runner jar comes
 * from the system property {@code apicurio.runner.jar} (set by the Failsafe configuration of serde's and deploy's
 * poms). Shared with other modules' integration tests through serde's test-jar.
 */
public final class ApicurioRegistry implements AutoCloseable {
    /** The system property naming the runner jar built by {@code infra/apicurio-registry}. */
    public static final String JAR_PROPERTY = "apicurio.runner.jar";

    private final Process process;
    private final int port;
    private final Path log;

    private ApicurioRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the registry and waits (at most 90 s) until its Confluent API answers. */
    public static ApicurioRegistry start() throws IOException, InterruptedException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("Apicurio Registry runner jar not found (system property " + JAR_PROPERTY
                    + "=" + jar + "). Build it first: mvn -B -pl infra/apicurio-registry package "
                    + "(or run 'mvn verify' from the root, which builds it before serde).");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        Path log = tmp.resolve("apicurio-registry-" + port + ".log"); // kept for post-mortems (under target/tmp)
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar", jar)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ApicurioRegistry registry = new ApicurioRegistry(process, port, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue() + "; log: "
                        + tail(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return registry;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        registry.close();
        throw new IllegalStateException("Apicurio Registry not ready after 90 s; log: " + tail(log));
    }

    /** @return the Confluent-compatible base URL */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /** Stops the registry (idempotent) and waits for it to exit; its log stays in {@code java.io.tmpdir}. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
