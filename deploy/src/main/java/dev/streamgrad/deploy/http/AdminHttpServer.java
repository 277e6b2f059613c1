package dev.streamgrad.deploy.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's operations endpoint, a minimal HTTP/1.1 server (GET and HEAD, no request bodies, one request
 * per connection):
 * <ul>
 *   <li>{@code GET /health} — 200 {@code ok} while the process lives (liveness);</li>
 *   <li>{@code GET /ready} — 200 {@code ready} when the readiness check says so (for example
 *       {@code KafkaStreams#state() == RUNNING}), else 503 {@code not ready}; a check that throws counts as
 *       not ready;</li>
 *   <li>{@code GET /metrics} — the supplied metrics in Prometheus text format 0.0.4
 *       ({@link PrometheusFormat}).</li>
 * </ul>
 * Other paths give 404, other methods than GET and HEAD 405, a malformed request line 400.
 *
 * <p>It keeps answering while clients misbehave ({@link Limits}): requests are served by a small bounded pool of
 * threads, so one slow client does not hold up the others; the request line and headers must arrive within a
 * deadline (a half-sent or idle connection is closed when it passes, a client trickling one byte at a time
 * included); a request head larger than a bound gets 431 and is not read further; connections beyond the pool and
 * its queue are closed at once instead of queueing without bound.
 *
 * <p>Lifecycle: {@link #start} binds and serves (daemon threads); {@link #close()} stops it (idempotent).
 */
public final class AdminHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    /**
     * What one client may take of the server.
     *
     * @param threads requests served at once, ≥ 1
     * @param queue accepted connections waiting for a thread, ≥ 1; more are closed at once
     * @param requestDeadline the time a client has to send its request line and headers, &gt; 0
     * @param maxRequestBytes the largest request head (request line + headers), ≥ 64
     */
    public record Limits(int threads, int queue, Duration requestDeadline, int maxRequestBytes) {
        /** 4 threads, 16 waiting, 5 s to send the request head, 8 KiB of request head. */
        public static final Limits DEFAULT = new Limits(4, 16, Duration.ofSeconds(5), 8192);

        public Limits {
            if (threads < 1 || queue < 1 || requestDeadline.isNegative() || requestDeadline.isZero()
                    || maxRequestBytes < 64) {
                throw new IllegalArgumentException("invalid HTTP limits: " + threads + " threads, queue " + queue
                        + ", deadline " + requestDeadline + ", " + maxRequestBytes + " bytes");
            }
        }
    }

    private final ServerSocket socket;
    private final ThreadPoolExecutor pool;
    private final Thread acceptor;
    private final Limits limits;
    private final BooleanSupplier readiness;
    private final Supplier<? extends Map<MetricName, ? extends Metric>> metrics;
    private volatile boolean closed;

    private AdminHttpServer(ServerSocket socket, Limits limits, BooleanSupplier readiness,
                            Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        this.socket = socket;
        this.limits = limits;
        this.readiness = readiness;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(limits.threads(), limits.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(limits.queue()), r -> daemon(r, "streamgrad-http-" + n.incrementAndGet()));
        this.acceptor = daemon(this::acceptLoop, "streamgrad-http-accept");
    }

    /**
     * Binds and starts serving, with {@link Limits#DEFAULT}.
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
        return start(address, readiness, metrics, Limits.DEFAULT);
    }

    /** As {@link #start(InetSocketAddress, BooleanSupplier, Supplier)}, with the given limits. */
    public static AdminHttpServer start(InetSocketAddress address, BooleanSupplier readiness,
                                        Supplier<? extends Map<MetricName, ? extends Metric>> metrics, Limits limits)
            throws IOException {
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(limits, "limits");
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(address, 50);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        AdminHttpServer server = new AdminHttpServer(socket, limits, readiness, metrics);
        server.acceptor.start();
        LOG.info("HTTP endpoint on {}:{} (/health, /ready, /metrics)",
                address.getAddress().getHostAddress(), server.port());
        return server;
    }

    /** @return the bound port (useful after binding port 0) */
    public int port() {
        return socket.getLocalPort();
    }

    /** Stops serving at once and releases the port. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the HTTP socket: {}", e.toString());
        }
        pool.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("HTTP accept failed: {}", e.toString());
                }
                continue;
            }
            try {
                pool.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                // Every thread busy and the queue full: shed this connection rather than wait for a slot.
                closeQuietly(client);
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            String head;
            try {
                head = readHead(client);
            } catch (RequestTooLargeException e) {
                respond(client, false, 431, TEXT, "request header fields too large\n", null);
                return;
            }
            if (head == null) {
                return;   // deadline passed or the client went away: nothing to answer
            }
            String[] requestLine = head.substring(0, head.indexOf('\n')).strip().split(" ");
            if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/")) {
                respond(client, false, 400, TEXT, "bad request\n", null);
                return;
            }
            String method = requestLine[0];
            boolean headOnly = "HEAD".equals(method);
            if (!"GET".equals(method) && !headOnly) {
                respond(client, false, 405, TEXT, "method not allowed\n", "Allow: GET, HEAD");
                return;
            }
            String target = requestLine[1];
            int query = target.indexOf('?');
            String path = query < 0 ? target : target.substring(0, query);
            switch (path) {
                case "/health" -> respond(client, headOnly, 200, TEXT, "ok\n", null);
                case "/ready" -> {
                    boolean ready = isReady(readiness);
                    respond(client, headOnly, ready ? 200 : 503, TEXT, ready ? "ready\n" : "not ready\n", null);
                }
                case "/metrics" -> respond(client, headOnly, 200, PrometheusFormat.CONTENT_TYPE,
                        PrometheusFormat.render(metrics.get()), null);
                default -> respond(client, headOnly, 404, TEXT, "not found\n", null);
            }
        } catch (IOException e) {
            LOG.debug("HTTP connection ended: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("HTTP request failed: {}", e.toString());
        }
    }

    /**
     * @return the request line and headers (up to the blank line), or null if the deadline passed or the client
     *     closed first
     * @throws RequestTooLargeException if the head exceeds {@link Limits#maxRequestBytes()}
     */
    private String readHead(Socket client) throws IOException {
        long deadline = System.nanoTime() + limits.requestDeadline().toNanos();
        InputStream in = client.getInputStream();
        byte[] buf = new byte[limits.maxRequestBytes()];
        int n = 0;
        while (true) {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMs <= 0) {
                return null;
            }
            // The timeout is what remains of one deadline, so a client that trickles bytes cannot extend it.
            client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMs));
            int r;
            try {
                r = in.read(buf, n, buf.length - n);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (r < 0) {
                return null;
            }
            int from = Math.max(0, n - 3);
            n += r;
            int end = headEnd(buf, from, n);
            if (end >= 0) {
                return new String(buf, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (n == buf.length) {
                throw new RequestTooLargeException();
            }
        }
    }

    /** @return the index of the blank line ending the head ({@code \r\n\r\n} or {@code \n\n}) in buf[from, to), or −1 */
    private static int headEnd(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n' && (i + 1 < to && buf[i + 1] == '\n'
                    || i + 2 < to && buf[i + 1] == '\r' && buf[i + 2] == '\n')) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean isReady(BooleanSupplier readiness) {
        try {
            return readiness.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debug("readiness check failed: {}", e.toString());
            return false;
        }
    }

    private static void respond(Socket client, boolean headOnly, int status, String contentType, String body,
                                String extraHeader) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\nContent-Type: ").append(contentType)
                .append("\r\nContent-Length: ").append(bytes.length)
                .append("\r\nConnection: close\r\n");
        if (extraHeader != null) {
            h.append(extraHeader).append("\r\n");
        }
        h.append("\r\n");
        OutputStream out = client.getOutputStream();
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!headOnly) {
            out.write(bytes);
        }
        out.flush();
        try {
            client.shutdownOutput();
        } catch (SocketException e) {
            LOG.debug("HTTP client gone before the end of the response: {}", e.toString());
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing a shed HTTP connection: {}", e.toString());
        }
    }

    /** The request head exceeds {@link Limits#maxRequestBytes()}. */
    private static final class RequestTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
