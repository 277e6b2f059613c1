package dev.streamgrad.topology.integration;

import dev.streamgrad.topology.StreamgradTopology;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
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
}
