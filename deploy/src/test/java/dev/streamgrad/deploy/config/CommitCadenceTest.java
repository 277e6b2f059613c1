package dev.streamgrad.deploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamgrad.model.NetworkSpec;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitCadenceTest {
    private static NetworkSpec spec(String layers, String optimizer) {
        return NetworkSpec.fromJson("{\"input_size\":" + layers.substring(0, layers.indexOf(',')) + ",\"layers\":["
                + layers.substring(layers.indexOf(',') + 1) + "],\"loss\":\"squared_error\",\"optimizer\":{\"type\":\""
                + optimizer + "\",\"learning_rate\":0.01},\"seed\":1}");
    }

    private static final String SMALL = "8,{\"size\":16,\"activation\":\"tanh\"},{\"size\":1,\"activation\":\"identity\"}";
    private static final String LARGE = "784,{\"size\":256,\"activation\":\"tanh\"},{\"size\":10,\"activation\":\"identity\"}";

    @Test
    void checkpointBytesCountParametersAndOptimiserState() {
        assertEquals((8 * 16 + 16 + 16 + 1) * 8L, CommitCadence.checkpointBytes(spec(SMALL, "sgd")));
        long large = (784L * 256 + 256 + 256 * 10 + 10) * 8;
        assertEquals(large, CommitCadence.checkpointBytes(spec(LARGE, "sgd")));
        assertEquals(3 * large, CommitCadence.checkpointBytes(spec(LARGE, "adam")));
    }

    @Test
    void smallModelsKeepKafkasIntervalLargeOnesAboutAMegabytePerSecond() {
        assertEquals(100, CommitCadence.defaultIntervalMs(spec(SMALL, "adam")));
        assertEquals(1600, CommitCadence.defaultIntervalMs(spec(LARGE, "sgd")));      // 1.63 MB
        assertEquals(4700, CommitCadence.defaultIntervalMs(spec(LARGE, "adam")));     // 4.88 MB
        String huge = "4096,{\"size\":4096,\"activation\":\"tanh\"},{\"size\":1,\"activation\":\"identity\"}";
        assertEquals(CommitCadence.MAX_INTERVAL_MS, CommitCadence.defaultIntervalMs(spec(huge, "sgd")));
    }

    @Test
    void aConfiguredIntervalWins() {
        Map<String, Object> props = new HashMap<>(Map.of("commit.interval.ms", "250"));
        assertEquals("250", CommitCadence.applyDefault(props, spec(LARGE, "sgd")));
        Map<String, Object> none = new HashMap<>();
        assertEquals("1600", CommitCadence.applyDefault(none, spec(LARGE, "sgd")));
        assertEquals("1600", none.get("commit.interval.ms"));
    }
}
