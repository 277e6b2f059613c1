package dev.streamgrad.topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigException;

/**
 * The start-up check of the replicated mode ({@code streamgrad.replicated=true}): the input topic and the sync topic
 * exist and both have exactly {@code streamgrad.sync.replicas} partitions. Kafka Streams gives the task of input
 * partition p the sync topic's partition p only when the counts match; with fewer replicas configured than
 * partitions a round would never complete, with more a task would have no replica index. Run it before starting
 * the application (the deploy module's {@code run} does).
 */
public final class ReplicaTopics {
    private ReplicaTopics() {
    }

    /**
     * @param admin   a client of the application's cluster; not closed
     * @param config  the configuration (nothing is checked unless it is replicated)
     * @param timeout how long to wait for the broker
     * @throws ConfigException naming the key whose value does not match the topics, or a topic that does not exist
     * @throws TimeoutException if the broker does not answer in time
     * @throws ExecutionException if the broker fails otherwise
     * @throws InterruptedException if interrupted while waiting
     */
    public static void check(Admin admin, StreamgradConfig config, Duration timeout)
            throws TimeoutException, ExecutionException, InterruptedException {
        if (!config.replicated()) {
            return;
        }
        List<String> names = List.of(config.inputTopic(), config.syncTopic());
        Map<String, TopicDescription> topics;
        try {
            topics = admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                throw new ConfigException(StreamgradConfig.SYNC_TOPIC_CONFIG, config.syncTopic(), "the replicated "
                        + "mode needs the input topic '" + config.inputTopic() + "' and the sync topic '"
                        + config.syncTopic() + "' to exist (streamgrad topics creates them): " + e.getCause().getMessage());
            }
            throw e;
        }
        int replicas = config.syncReplicas();
        for (String name : names) {
            int partitions = topics.get(name).partitions().size();
            if (partitions != replicas) {
                throw new ConfigException(StreamgradConfig.SYNC_REPLICAS_CONFIG, replicas, "topic '" + name + "' has "
                        + partitions + " partitions; the replicated mode needs the input topic and "
                        + StreamgradConfig.SYNC_TOPIC_CONFIG + " to have exactly " + StreamgradConfig.SYNC_REPLICAS_CONFIG
                        + " partitions each (one replica per input partition)");
            }
        }
    }
}
