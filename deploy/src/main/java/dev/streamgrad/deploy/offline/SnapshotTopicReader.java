package dev.streamgrad.deploy.offline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import dev.streamgrad.serde.snapshot.LatestSnapshots;

/**
 * Finds the latest record of one key in a topic: reads every partition from the beginning to the end offsets
 * taken at the start (no consumer group, nothing committed; {@code read_committed} unless configured otherwise) and keeps the last value of that key. A tombstone
 * (null value) as the last record means "no value". Only the kept value is deserialised. A snapshot the topology
 * wrote as chunk records plus a manifest (models over the chunk size) is reassembled and checked with
 * {@link LatestSnapshots} (the one reader of the snapshot-topic format) before it is deserialised.
 *
 * @param <V> the value type
 */
public final class SnapshotTopicReader<V> {

    /**
     * @param value the latest value of the key, or {@code null} if there is none
     * @param recordsRead records read from the topic
     * @param partitions partitions of the topic
     */
    public record Result<V>(V value, long recordsRead, int partitions) {
    }

    private final Properties clientProperties;
    private final Deserializer<V> valueDeserializer;
    private final Duration timeout;

    /**
     * @param clientProperties consumer properties ({@code bootstrap.servers} at least); not modified.
     *     {@code group.id}, {@code enable.auto.commit} and the deserializers are set here
     * @param valueDeserializer decodes the kept value; not closed
     * @param timeout the longest the whole read may take
     */
    public SnapshotTopicReader(Properties clientProperties, Deserializer<V> valueDeserializer, Duration timeout) {
        this.clientProperties = (Properties) clientProperties.clone();
        this.valueDeserializer = valueDeserializer;
        this.timeout = timeout;
    }

    /**
     * @param topic the topic
     * @param key the key (UTF-8)
     * @return the latest value of the key
     * @throws IllegalStateException if the topic does not exist, or the end is not reached within the timeout
     */
    public Result<V> latest(String topic, String key) {
        Properties p = (Properties) clientProperties.clone();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "streamgrad-export");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");     // reading must not create the topic
        // snapshots written under exactly_once_v2 are transactional: never read an aborted one
        p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, remaining(deadline)));
            LatestSnapshots latest = LatestSnapshots.of(key);   // this model's keys only
            long read = 0;
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("did not reach the end of topic " + topic + " within "
                            + timeout.toSeconds() + " s (" + read + " records read)");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.getOrDefault(tp, 0L)) {
                        continue;
                    }
                    read++;
                    // a model's records live in one partition, so offsets order them
                    latest.accept(r.key(), r.value());
                }
            }
            V value = latest.latest(key, encoded -> valueDeserializer.deserialize(topic, encoded));
            return new Result<>(value, read, partitions.size());
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }
}
