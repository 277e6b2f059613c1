package dev.streamgrad.deploy.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.streamgrad.deploy.broker.EmbeddedKafka;
import dev.streamgrad.deploy.broker.Topics;
import dev.streamgrad.deploy.data.DriftSchedule;
import dev.streamgrad.deploy.data.SpiralsTask;
import dev.streamgrad.deploy.offline.EventProducer;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.LabeledEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code streamgrad run} for real: the application jar in a child JVM against an embedded broker, with the HTTP
 * endpoint; {@code /ready} becomes 200, {@code /metrics} holds Kafka Streams' and streamgrad's metrics, and SIGTERM
 * stops it cleanly.
 */
@Tag("integration")
class RunIT {

    private static final Path JAR = Path.of(System.getProperty("streamgrad.app.jar", "target/streamgrad.jar"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"training", "serving"})
    void runServesReadyAndMetricsAndStopsOnSigterm(String mode) throws Exception {
        // training: the learner's own metrics must show up; serving: Kafka Streams' (no learner there)
        String wanted = mode.equals("training") ? "kafka_streams_streamgrad_events_total"
                : "kafka_streams_thread_process_rate";
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(List.of(Topics.plain("events", 1), Topics.plain("streamgrad-predictions", 1),
                    Topics.compactedSnapshots("streamgrad-snapshots", 1, Topics.DEFAULT_SNAPSHOT_MAX_MESSAGE_BYTES),
                    Topics.plain("streamgrad-metrics", 1), Topics.plain("streamgrad-dead-letters", 1)));
            Properties producer = new Properties();
            producer.put("bootstrap.servers", kafka.bootstrapServers());
            new EventProducer(producer, StreamgradSerdes.singleObject(LabeledEvent.class).serializer())
                    .send(new SpiralsTask(2, 0.05, DriftSchedule.none(), 1), "events", "m1", 200, 0, false);

            int port = freePort();
            Path config = Files.writeString(dir.resolve("app.properties"), String.join("\n",
                    "application.id=streamgrad-run-it",
                    "state.dir=" + dir.resolve("state"),
                    "streamgrad.input.topic=events",
                    "streamgrad.model.spec=2,8:tanh,1:sigmoid",
                    "streamgrad.http.port=" + port,
                    "streamgrad.mode=" + mode,
                    "") );
            Path out = dir.resolve("out.txt");
            Path err = dir.resolve("err.txt");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder pb = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "run", "--config",
                    config.toString()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            Process app = pb.start();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                String base = "http://127.0.0.1:" + port;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int ready = -1;
                String metrics = "";
                while (System.nanoTime() < deadline && app.isAlive()) {
                    ready = status(http, base + "/ready");
                    if (ready == 200) {
                        metrics = get(http, base + "/metrics");
                        if (metrics.contains(wanted)) {
                            break;
                        }
                    }
                    Thread.sleep(250);
                }
                assertEquals(200, ready, "ready within 60 s\n" + Files.readString(out) + Files.readString(err));
                assertEquals(200, status(http, base + "/health"));
                assertTrue(metrics.contains("kafka_streams_thread_process_rate"), metrics);
                assertTrue(metrics.contains(wanted), metrics);
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                assertTrue(stdout.startsWith("streamgrad run: " + mode + " topology, application streamgrad-run-it,"
                        + " input events, bootstrap servers " + kafka.bootstrapServers()
                        + (mode.equals("training") ? ", commit.interval.ms 100" : "") + ", HTTP endpoint on"
                        + " 127.0.0.1:" + port + " (/health, /ready, /metrics)"), stdout);

                app.destroy();      // SIGTERM
                assertTrue(app.waitFor(45, TimeUnit.SECONDS), "stopped within 45 s of SIGTERM");
                assertEquals(143, app.exitValue(), "exit on SIGTERM after the shutdown hook\n"
                        + Files.readString(err));
                assertTrue(Files.readString(out, StandardCharsets.UTF_8).contains("streamgrad run: stopping"));
            } finally {
                if (app.isAlive()) {
                    app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
