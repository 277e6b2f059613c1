package dev.streamgrad.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamgrad.topology.StreamgradConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** {@code topics} creates the labels topic when late labels are configured, with the input's partition count. */
class TopicsCommandLabelsTest {

    private static List<String> names(Map<String, String> extra) {
        TopicsCommand command = new TopicsCommand(Map.of());
        command.partitions = 3;
        command.replicationFactor = -1;
        Map<String, String> props = new java.util.HashMap<>(extra);
        props.put(StreamgradConfig.MODEL_SPEC_CONFIG, "2,1:identity");
        List<NewTopic> topics = command.topics(new StreamgradConfig(props));
        topics.forEach(t -> assertEquals(3, t.numPartitions()));
        return topics.stream().map(NewTopic::name).toList();
    }

    @Test
    void theLabelsTopicIsCreatedOnlyWhenConfigured() {
        assertEquals(List.of("streamgrad-events", "streamgrad-predictions", "streamgrad-snapshots",
                "streamgrad-metrics", "streamgrad-dead-letters"), names(Map.of()));
        assertEquals(List.of("streamgrad-events", "my-labels", "streamgrad-predictions", "streamgrad-snapshots",
                "streamgrad-metrics", "streamgrad-dead-letters"),
                names(Map.of(StreamgradConfig.LABELS_TOPIC_CONFIG, "my-labels")));
    }
}
