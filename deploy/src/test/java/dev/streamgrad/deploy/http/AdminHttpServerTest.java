package dev.streamgrad.deploy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminHttpServerTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean ready = new AtomicBoolean();
    private Metrics metrics;
    private AdminHttpServer server;

    @BeforeEach
    void start() throws IOException {
        metrics = new Metrics();
        metrics.addMetric(metrics.metricName("process-rate", "stream-thread-metrics", "Records processed per second.",
                Map.of("thread-id", "sg-StreamThread-1")), (Gauge<Double>) (c, now) -> 42.5);
        server = AdminHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ready::get,
                metrics::metrics);
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> request(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsAlwaysOk() throws Exception {
        HttpResponse<String> r = request("GET", "/health");
        assertEquals(200, r.statusCode());
        assertEquals("ok\n", r.body());
    }

    @Test
    void readyFollowsTheCheck() throws Exception {
        assertEquals(503, request("GET", "/ready").statusCode());
        ready.set(true);
        HttpResponse<String> r = request("GET", "/ready");
        assertEquals(200, r.statusCode());
        assertEquals("ready\n", r.body());
    }

    @Test
    void aThrowingReadinessCheckMeansNotReady() throws Exception {
        try (AdminHttpServer failing = AdminHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> {
                    throw new IllegalStateException("streams not created yet");
                }, Map::of)) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + failing.port() + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode());
        }
    }

    @Test
    void metricsAreServedInPrometheusFormat() throws Exception {
        HttpResponse<String> r = request("GET", "/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.body().contains("# HELP kafka_streams_thread_process_rate Records processed per second.\n"
                + "# TYPE kafka_streams_thread_process_rate gauge\n"
                + "kafka_streams_thread_process_rate{thread_id=\"sg-StreamThread-1\"} 42.5\n"), r.body());
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertEquals(404, request("GET", "/").statusCode());
        assertEquals(404, request("GET", "/healthz").statusCode());
        HttpResponse<String> post = request("POST", "/health");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        assertEquals(200, request("HEAD", "/health").statusCode());
    }

    @Test
    void closeReleasesThePort() throws Exception {
        int port = server.port();
        server.close();
        server.close();
        assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Polls /health and asserts each answer is 200 within a second. */
    private void healthAnswersWithinASecond(int times) throws Exception {
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "answered in " + (System.nanoTime() - t0) / 1e6 + " ms");
        }
    }

    @Test
    void healthAnswersWhileAnIdleAndASlowlorisClientHoldConnections() throws Exception {
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), server.port());
             Socket halfSent = new Socket(InetAddress.getLoopbackAddress(), server.port());
             Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            halfSent.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            halfSent.getOutputStream().flush();
            Thread trickle = new Thread(() -> {
                try {
                    OutputStream out = slow.getOutputStream();
                    for (byte b : "GET /health HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(
                            StandardCharsets.US_ASCII)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection at its deadline: what it should do
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            healthAnswersWithinASecond(10);
            trickle.interrupt();
        }
    }

    @Test
    void aClientThatNeverFinishesItsRequestIsCutOffAtTheDeadline() throws Exception {
        try (AdminHttpServer strict = AdminHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ready::get, Map::of, new AdminHttpServer.Limits(2, 2, Duration.ofMillis(300), 1024));
             Socket slow = new Socket(InetAddress.getLoopbackAddress(), strict.port())) {
            slow.setSoTimeout(5000);
            OutputStream out = slow.getOutputStream();
            long t0 = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 40 && !cut; i++) {
                try {
                    out.write('a');   // one byte every 50 ms: each read is quick, the whole head never ends
                    out.flush();
                    Thread.sleep(50);
                } catch (IOException e) {
                    cut = true;
                }
                if (!cut && slow.getInputStream().available() == 0 && System.nanoTime() - t0 > 1_000_000_000L) {
                    cut = slow.getInputStream().read() < 0;   // the server closed its side
                }
            }
            assertTrue(cut, "the trickling connection was not closed at the deadline");
            assertTrue(System.nanoTime() - t0 < 3_000_000_000L);
        }
    }

    @Test
    void anOversizedRequestHeadIsRefusedWith431() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5000);
            String huge = "GET /health HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n";
            try {
                s.getOutputStream().write(huge.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the server may close while we still write: the status line below is what counts
            }
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 431", status);
        }
        healthAnswersWithinASecond(1);
    }
}
