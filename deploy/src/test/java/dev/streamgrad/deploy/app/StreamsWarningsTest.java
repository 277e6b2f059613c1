package dev.streamgrad.deploy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import dev.streamgrad.topology.StreamgradTopology;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The application's Kafka Streams configuration starts without the GlobalThread handler warning. */
class StreamsWarningsTest {

    private static String stderrWhileBuilding(Properties props) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            new StreamsConfig(props);
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theGlobalThreadHandlerIsConfiguredSoKafkaStreamsDoesNotWarn() {
        Map<String, String> app = Map.of("application.id", "sg", "bootstrap.servers", "localhost:9092");
        Properties bare = new Properties();
        bare.putAll(app);
        // the warning this guards against, as Kafka Streams 4.3 prints it when the key is unset
        assertTrue(stderrWhileBuilding(bare).contains("not enabled for the GlobalThread"),
                "slf4j-simple logs to System.err: the capture works");
        Properties ours = StreamgradTopology.streamsProperties(app);
        assertEquals("true", ours.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
        assertFalse(stderrWhileBuilding(ours).contains("GlobalThread"));
        // the user's own value wins
        assertEquals("false", StreamgradTopology.streamsProperties(Map.of(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "false"))
                .get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG));
    }
}
