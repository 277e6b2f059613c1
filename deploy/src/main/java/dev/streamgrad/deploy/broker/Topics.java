package dev.streamgrad.deploy.broker;

import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Factories for the topic definitions the demo creates on the embedded broker. */
public final class Topics {

    /** Default {@code max.message.bytes} of snapshot topics: 64 MiB (the broker default is about 1 MB). */
    public static final int DEFAULT_SNAPSHOT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private Topics() {
    }

    /**
     * A plain delete-policy topic with replication factor 1 (single-node broker).
     *
     * @param name the topic name
     * @param partitions number of partitions, at least 1
     * @return the topic definition
     */
    public static NewTopic plain(String name, int partitions) {
        requirePositive(partitions, "partitions");
        return new NewTopic(name, partitions, (short) 1);
    }

    /**
     * A compacted topic for model snapshots (key = model id: only the latest snapshot per model is kept),
     * with a raised per-topic record size limit so that large models fit in one record.
     *
     * @param name the topic name
     * @param partitions number of partitions, at least 1
     * @param maxMessageBytes the topic's {@code max.message.bytes}, at least 1; producers writing to it
     *     need a {@code max.request.size} at least as large
     * @return the topic definition
     */
    public static NewTopic compactedSnapshots(String name, int partitions, int maxMessageBytes) {
        requirePositive(partitions, "partitions");
        requirePositive(maxMessageBytes, "maxMessageBytes");
        return new NewTopic(name, partitions, (short) 1).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes)));
    }

    private static void requirePositive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }
}
