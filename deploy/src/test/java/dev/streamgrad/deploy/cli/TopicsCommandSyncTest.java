package dev.streamgrad.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.topology.StreamgradConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** {@code topics} creates the replicated mode's sync topic, co-partitioned with the input, and only in that mode. */
class TopicsCommandSyncTest {
    @Test
    void theSyncTopicHasTheInputsPartitionsInTheReplicatedModeOnly() {
        TopicsCommand command = new TopicsCommand(Map.of());
        command.partitions = 4;
        command.replicationFactor = -1;
        Map<String, Object> props = new HashMap<>();
        props.put(StreamgradConfig.MODEL_SPEC_CONFIG, "2,4:tanh,1:identity");
        assertTrue(command.topics(new StreamgradConfig(props)).stream()
                .noneMatch(t -> t.name().equals("streamgrad-sync")));
        props.put(StreamgradConfig.MODEL_ID_SOURCE_CONFIG, "constant");
        props.put(StreamgradConfig.REPLICATED_CONFIG, "true");
        props.put(StreamgradConfig.SYNC_REPLICAS_CONFIG, "4");
        List<NewTopic> topics = command.topics(new StreamgradConfig(props));
        NewTopic sync = topics.stream().filter(t -> t.name().equals("streamgrad-sync")).findFirst().orElseThrow();
        NewTopic input = topics.stream().filter(t -> t.name().equals("streamgrad-events")).findFirst().orElseThrow();
        assertEquals(input.numPartitions(), sync.numPartitions());
        assertEquals(4, sync.numPartitions());
    }
}
