package dev.streamgrad.deploy.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's operations endpoint, on the JDK's {@code HttpServer}:
 * <ul>
 *   <li>{@code GET /health} — 200 {@code ok} while the process lives (liveness);</li>
 *   <li>{@code GET /ready} — 200 {@code ready} when the readiness check says so (for example
 *       {@code KafkaStreams#state() == RUNNING}), else 503 {@code not ready}; a check that throws counts as
 *       not ready;</li>
 *   <li>{@code GET /metrics} — the supplied metrics in Prometheus text format 0.0.4
 *       ({@link PrometheusFormat}).</li>
 * </ul>
 * Other paths give 404, other methods than GET and HEAD 405. Lifecycle: {@link #start} binds and serves
 * (one daemon thread); {@link #close()} stops it (idempotent).
 */
public final class AdminHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private boolean closed;

    private AdminHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @param address where to listen: {@code 127.0.0.1} (local only) or {@code 0.0.0.0} (all interfaces,
     *     needed in a container), port 0 for a free port
     * @param readiness answers whether the application is ready; called on each {@code /ready}
     * @param metrics supplies the metrics on each {@code /metrics}, e.g. {@code kafkaStreams::metrics}
     * @return the running server; the caller closes it
     * @throws IOException if the address cannot be bound
     */
    public static AdminHttpServer start(InetSocketAddress address, BooleanSupplier readiness,
                                        Supplier<? extends Map<MetricName, ? extends Metric>> metrics)
            throws IOException {
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metrics, "metrics");
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "streamgrad-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, readiness, metrics));
        server.start();
        LOG.info("HTTP endpoint on {}:{} (/health, /ready, /metrics)",
                address.getAddress().getHostAddress(), server.getAddress().getPort());
        return new AdminHttpServer(server, executor);
    }

    /** @return the bound port (useful after binding port 0) */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving at once and releases the port. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(HttpExchange exchange, BooleanSupplier readiness,
                               Supplier<? extends Map<MetricName, ? extends Metric>> metrics) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/health" -> send(exchange, 200, "text/plain; charset=utf-8", "ok\n");
                case "/ready" -> {
                    boolean ready = isReady(readiness);
                    send(exchange, ready ? 200 : 503, "text/plain; charset=utf-8", ready ? "ready\n" : "not ready\n");
                }
                case "/metrics" -> send(exchange, 200, PrometheusFormat.CONTENT_TYPE,
                        PrometheusFormat.render(metrics.get()));
                default -> send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("HTTP request failed: {}", e.toString());
            throw e;
        }
    }

    private static boolean isReady(BooleanSupplier readiness) {
        try {
            return readiness.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debug("readiness check failed: {}", e.toString());
            return false;
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
