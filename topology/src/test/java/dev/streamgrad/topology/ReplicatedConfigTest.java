package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** The replicated mode's configuration, Streams defaults and topology shape. */
class ReplicatedConfigTest {
    private static Map<String, Object> props() {
        Map<String, Object> p = new HashMap<>();
        p.put(StreamgradConfig.MODEL_SPEC_CONFIG, "2,4:tanh,1:identity");
        p.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "constant");
        p.put(StreamgradConfig.REPLICATED_CONFIG, "true");
        p.put(StreamgradConfig.SYNC_REPLICAS_CONFIG, "4");
        return p;
    }

    @Test
    void theReplicatedModeNeedsOneConstantModel() {
        Map<String, Object> p = props();
        p.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "key");
        ConfigException e = assertThrows(ConfigException.class, () -> new StreamgradConfig(p));
        assertTrue(e.getMessage().contains("model.id.source=constant"), e.getMessage());
        p.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "constant");
        p.put(StreamgradConfig.SYNC_EVERY_UPDATES_CONFIG, "0");
        assertThrows(ConfigException.class, () -> new StreamgradConfig(p));
    }

    @Test
    void stalenessIsSynchronousByDefaultAndAtMostOne() {
        Map<String, Object> p = props();
        assertEquals(0, new StreamgradConfig(p).syncStaleness());
        p.put(StreamgradConfig.SYNC_STALENESS_CONFIG, "1");
        assertEquals(1, new StreamgradConfig(p).syncStaleness());
        p.put(StreamgradConfig.SYNC_STALENESS_CONFIG, "2");
        ConfigException e = assertThrows(ConfigException.class, () -> new StreamgradConfig(p));
        assertTrue(e.getMessage().contains("sync.staleness"), e.getMessage());
    }

    @Test
    void lateLabelsAreRefusedInTheReplicatedMode() {
        Map<String, Object> p = props();
        p.put(StreamgradConfig.LABELS_TOPIC_CONFIG, "labels");
        ConfigException e = assertThrows(ConfigException.class, () -> new StreamgradConfig(p));
        assertTrue(e.getMessage().contains("replicated"), e.getMessage());
        p.put(StreamgradConfig.REPLICATED_CONFIG, "false");
        assertEquals("labels", new StreamgradConfig(p).labelsTopic());
    }

    @Test
    void theSyncTopicIsASecondSourceOfTheLearnerAndNothingIsRepartitioned() {
        TopologyDescription d = StreamgradTopology.training(props()).describe();
        assertEquals(1, d.subtopologies().size(), "input, sync topic and learner in one sub-topology: " + d);
        String text = d.toString();
        assertTrue(text.contains("topics: [streamgrad-sync]"), text);
        assertTrue(text.contains("topic: streamgrad-sync"), "the sync sink: " + text);
        assertFalse(text.contains("repartition"), text);
    }

    @Test
    void streamsDefaultsNeverIdleAndFetchLittleUnlessSet() {
        Properties p = StreamgradTopology.streamsProperties(props());
        assertEquals("-1", p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
        assertEquals(String.valueOf(StreamgradTopology.REPLICATED_FETCH_BYTES),
                p.get(StreamsConfig.mainConsumerPrefix("max.partition.fetch.bytes")));
        Map<String, Object> mine = props();
        mine.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "5");
        mine.put("max.partition.fetch.bytes", "1000");
        Properties kept = StreamgradTopology.streamsProperties(mine);
        assertEquals("5", kept.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
        assertFalse(kept.containsKey(StreamsConfig.mainConsumerPrefix("max.partition.fetch.bytes")));
        Map<String, Object> single = props();
        single.remove(StreamgradConfig.REPLICATED_CONFIG);
        assertFalse(StreamgradTopology.streamsProperties(single).containsKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    }
}
