package dev.streamgrad.topology.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** One in-process broker (KafkaClusterTestKit) and small client helpers. */
final class Broker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    Broker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    String bootstrap() {
        return cluster.bootstrapServers();
    }

    void createTopics(int partitions, Map<String, String> configs, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String n : names) {
                topics.add(new NewTopic(n, partitions, (short) 1).configs(configs));
            }
            admin.createTopics(topics).all().get();
            awaitLeaders(admin, List.of(names));
        }
    }

    /**
     * Waits until the broker serves every partition of the topics: a produce sent earlier meets NotLeaderOrFollower,
     * and the idempotent producer's retry can then fail for good with OutOfOrderSequence (seen under load).
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (admin.describeTopics(names).allTopicNames().get().values().stream()
                        .flatMap(t -> t.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no leader for every partition of " + names + " after 30 s");
            }
            Thread.sleep(50);
        }
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Reads committed records of a topic from the beginning until {@code done} holds for all read so far.
     *
     * @return the records read
     */
    List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                   Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (!done.test(all)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out reading " + topic + " after " + all.size() + " records");
                }
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** @return every committed record of a topic: read until nothing new arrives for a second */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return readAll(topic, 1);
    }

    /**
     * Like {@link #readAll(String)}, but does not stop before {@code atLeast} records: after a SIGKILL, the killed
     * instance's open transaction keeps read_committed readers below it until the transaction times out, so a quiet
     * second does not mean that everything has been read. Records past {@code atLeast} (duplicates) are still read
     * until a second passes without any.
     *
     * @throws AssertionError if fewer than {@code atLeast} records are readable within 60 s
     */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
        int[] lastSize = {-1};
        long[] since = {System.nanoTime()};
        return readUntil(topic, l -> {
            if (l.size() != lastSize[0]) {
                lastSize[0] = l.size();
                since[0] = System.nanoTime();
                return false;
            }
            return l.size() >= atLeast && System.nanoTime() - since[0] > 1_000_000_000L;
        }, Duration.ofSeconds(60));
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
