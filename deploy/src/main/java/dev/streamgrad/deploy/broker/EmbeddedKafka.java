package dev.streamgrad.deploy.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM, for the
 * demo. It listens on {@code 127.0.0.1} only, on two free ports chosen at start, and keeps its log in a
 * fresh temporary directory that {@link #close()} deletes.
 *
 * <p>Lifecycle: {@link #start()} formats the storage and starts the server (about 3 s) and returns a
 * running broker; {@link #close()} shuts it down, waits for the shutdown and deletes the data directory.
 * {@code close()} is idempotent. Not thread-safe: one thread starts and closes it.
 *
 * <p>The broker is configured for a single node: internal topics (offsets, transaction state) have
 * replication factor 1, so consumer groups and {@code exactly_once_v2} work.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final int brokerPort;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, int brokerPort) {
        this.server = server;
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
    }

    /**
     * Formats a fresh storage directory and starts a broker in it.
     *
     * @return the running broker; the caller must {@link #close()} it
     * @throws IllegalStateException if formatting or start-up fails (the data directory is deleted)
     */
    public static EmbeddedKafka start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("streamgrad-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
        try {
            int brokerPort = freePort();
            int controllerPort = freePort();
            Properties props = brokerProperties(dataDir.resolve("log"), brokerPort, controllerPort);
            Path configFile = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "streamgrad embedded broker");
            }
            format(configFile);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
            LOG.info("embedded Kafka broker started on 127.0.0.1:{} (data in {})", brokerPort, dataDir);
            return new EmbeddedKafka(server, dataDir, brokerPort);
        } catch (IOException | RuntimeException e) {
            DirectoryDeleter.deleteQuietly(dataDir);
            throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /** @return {@code 127.0.0.1:port} of the PLAINTEXT listener, for {@code bootstrap.servers} */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** @return the broker's data directory (deleted by {@link #close()}) */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates the given topics and waits until the broker has created them. Topics that already exist
     * are left as they are.
     *
     * @param topics the topics to create, not modified; see {@link Topics} for the demo's ones
     * @throws IllegalStateException if the broker refuses a topic or does not answer in 30 s
     */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e
                    : admin.createTopics(List.copyOf(topics)).values().entrySet()) {
                try {
                    e.getValue().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + ": "
                                + ex.getCause().getMessage(), ex.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not create the topics in "
                    + ADMIN_TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Shuts the broker down, waits for it, and deletes its data directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            DirectoryDeleter.deleteQuietly(dataDir);
            LOG.info("embedded Kafka broker stopped");
        }
    }

    /**
     * @param logDir         the broker's data directory
     * @param brokerPort     PLAINTEXT listener port on 127.0.0.1
     * @param controllerPort CONTROLLER listener port on 127.0.0.1
     * @return a single-node KRaft broker's settings (combined broker + controller, replication 1), for this class and
     *     for a broker started in its own JVM ({@code kafka.Kafka server.properties}, as bench's DeploymentBench does)
     */
    public static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private static void format(Path configFile) {
        // StorageTool prints its progress; keep it out of the demo's terminal unless it fails.
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                "-c", configFile.toString(), "--standalone"}, out);
        }
        if (rc != 0) {
            throw new IllegalStateException("storage format failed (exit " + rc + "): "
                    + buffer.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
