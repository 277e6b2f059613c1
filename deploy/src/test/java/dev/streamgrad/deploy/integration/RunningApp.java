package dev.streamgrad.deploy.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code streamgrad run --config FILE}: the application jar (system property {@code streamgrad.app.jar}) in a child
 * JVM with extra environment variables, its output in files of a test directory; {@link #close} stops it.
 */
final class RunningApp implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("streamgrad.app.jar", "target/streamgrad.jar"));

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private RunningApp(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * @param config the properties file
     * @param env    variables added to this JVM's environment (e.g. {@code STREAMGRAD_MAPPER_*}); not modified
     * @param dir    where out.txt and err.txt go
     * @return the started process
     */
    static RunningApp start(Path config, Map<String, String> env, Path dir) throws IOException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toString(), "run", "--config", config.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new RunningApp(pb.start(), out, err);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** @return what the application printed so far (stdout, then stderr), for assertion messages */
    String output() throws IOException {
        return Files.readString(stdout) + Files.readString(stderr);
    }

    /** @return stdout so far */
    String stdout() throws IOException {
        return Files.readString(stdout);
    }

    /**
     * Reads a topic from the start with a fresh consumer group until {@code enough} holds for what was read, the
     * timeout passes or the application exits.
     *
     * @param consumer consumer properties (bootstrap.servers, group.id); not modified
     * @return the values read, in order per partition
     */
    List<ConsumerRecord<byte[], byte[]>> read(Properties consumer, String topic, Duration timeout,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> enough) {
        Properties p = new Properties();
        p.putAll(consumer);
        p.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!enough.test(read) && System.nanoTime() < deadline && process.isAlive()) {
                c.poll(Duration.ofMillis(500)).forEach(read::add);
            }
        }
        return read;
    }

    /** Stops the application (SIGTERM, then forcibly after 45 s). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
