package dev.streamgrad.topology.integration;

import dev.streamgrad.topology.StreamgradTopology;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The training application as a child JVM for the crash tests: {@code main(propertiesFile)} runs the training
 * topology until the process is killed.
 */
public final class LearnerApp {
    private LearnerApp() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            props.load(in);
        }
        KafkaStreams streams = new KafkaStreams(StreamgradTopology.training(props),
                StreamgradTopology.streamsProperties(props));
        streams.setUncaughtExceptionHandler(e -> {
            e.printStackTrace();
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        streams.start();
        System.out.println("STARTED");
        new CountDownLatch(1).await();
    }

    /**
     * Starts this application in a child JVM (same class path, 256 MB heap) that runs until it is killed.
     *
     * @param props the application's configuration, written to {@code dir/<name>.properties}
     * @param dir   where the properties file and the child's log ({@code <name>.log}) go
     * @param name  the child's name
     * @return the child process
     */
    static Process launch(Properties props, Path dir, String name) throws IOException {
        File file = dir.resolve(name + ".properties").toFile();
        try (OutputStream out = new FileOutputStream(file)) {
            props.store(out, null);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), LearnerApp.class.getName(), file.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".log").toFile());
        return pb.start();
    }
}
