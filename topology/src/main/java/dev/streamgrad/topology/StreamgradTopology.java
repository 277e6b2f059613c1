package dev.streamgrad.topology;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The complete streamgrad topologies, built from configuration. {@code main} and tests call the same methods.
 *
 * <pre>{@code
 * Properties props = StreamgradTopology.streamsProperties(myProps);
 * new KafkaStreams(StreamgradTopology.training(myProps), props).start();
 * }</pre>
 */
public final class StreamgradTopology {
    /**
     * Formerly the producer record limit set by {@link #streamsProperties}. No longer set: snapshots are chunked
     * ({@code streamgrad.snapshot.chunk.bytes}, {@link SnapshotChunks}), so the default 1 MB is enough. Kept for
     * code that sized consumers with it.
     */
    public static final int MAX_REQUEST_SIZE = 64 * 1024 * 1024;

    /** Replicated mode: the main consumer's default {@code max.partition.fetch.bytes} (see {@link #streamsProperties}). */
    public static final int REPLICATED_FETCH_BYTES = 64 * 1024;

    private StreamgradTopology() {
    }

    /**
     * The training topology: input topic (raw bytes) -> [re-key + repartition by model id] -> learner -> predictions,
     * snapshots, metrics and dead-letter topics.
     *
     * @param props streamgrad, serde and Streams keys; not modified
     * @return the topology
     * @throws org.apache.kafka.common.config.ConfigException naming the key of a bad value
     */
    public static Topology training(Map<?, ?> props) {
        return training(StreamgradLearner.create(props));
    }

    /**
     * @param learner the configured learner
     * @return the training topology of {@link #training(Map)}
     */
    public static Topology training(StreamgradLearner learner) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> events = builder.stream(learner.config().inputTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(learner.config().nodePrefix() + "source"));
        learner.toTopics(learner.learn(builder, events));
        return builder.build();
    }

    /**
     * The serving-only topology: the snapshot topic in a global store; input events scored with the latest weights
     * of their model, to the predictions topic (and bad records to the dead-letter topic). No training, no state
     * but the global store: run as many instances as you like.
     *
     * @param props streamgrad, serde and Streams keys; not modified
     * @return the topology
     */
    public static Topology serving(Map<?, ?> props) {
        StreamgradLearner learner = StreamgradLearner.create(props);
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> events = builder.stream(learner.config().inputTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(learner.config().nodePrefix() + "source"));
        learner.toTopics(learner.serve(builder, events));
        return builder.build();
    }

    /**
     * The Kafka Streams configuration to run these topologies with: {@code props} as given, plus
     * {@code production.exception.handler} = {@link OutputErrorHandler} unless a production exception handler is set
     * (an output that cannot be produced is logged, counted and skipped; the application keeps running). The producer's
     * {@code max.request.size} is no longer raised: snapshots over {@code streamgrad.snapshot.chunk.bytes} are
     * chunked and model-store checkpoints are chunked, so Kafka's default record limits (1 MB) do for any model.
     *
     * <p>{@code processing.exception.handler.global.enabled} defaults to {@code true} (the user's value wins):
     * the global stores (serving's snapshots, warm start) then go through the same processing exception handler as
     * the stream threads, the behaviour Kafka 5.0 makes the default; left unset, Kafka Streams 4.x warns about it
     * each time a {@code StreamsConfig} is built (three times per {@code run}).
     *
     * <p>With {@code streamgrad.replicated=true}, {@code max.task.idle.ms} defaults to -1 (never wait for an empty
     * partition of a task: its input and sync partitions are processed as they come) and the main consumer's
     * {@code max.partition.fetch.bytes} to {@link #REPLICATED_FETCH_BYTES} (a sync record then waits behind fewer
     * fetched input records), unless set.
     *
     * @param props the application's configuration; not modified
     * @return a new Properties
     */
    public static Properties streamsProperties(Map<?, ?> props) {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.forEach(p::put);
        if (Boolean.parseBoolean(String.valueOf(p.getOrDefault(StreamgradConfig.REPLICATED_CONFIG, "false")).trim())
                && !p.containsKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)) {
            // Replicated mode: a task reads input partition p and sync partition p. Never wait for one of them to
            // have data: the hold makes the result independent of their interleaving, and waiting on a sync
            // partition with an open transaction stalls the task until the next commit.
            p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
            String fetch = StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG);
            if (!p.containsKey(fetch) && !p.containsKey(StreamsConfig.consumerPrefix(
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG))
                    && !p.containsKey(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)) {
                // The consumer hands out its fetched records in fetch order: with 1 MB per input partition in its
                // buffer, a contribution or an average waits behind thousands of input records, and every round
                // with it. Smaller fetches let sync records in sooner (a larger record is still fetched whole).
                p.put(fetch, String.valueOf(REPLICATED_FETCH_BYTES));
            }
        }
        if (!p.containsKey(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG)
                && !p.containsKey(StreamsConfig.DEFAULT_PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG)) {
            p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OutputErrorHandler.class.getName());
        }
        return p;
    }
}
