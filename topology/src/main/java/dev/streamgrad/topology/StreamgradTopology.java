package dev.streamgrad.topology;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
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
    /** Producer record limit set by {@link #streamsProperties}: snapshots of models up to about 60 MB. */
    public static final int MAX_REQUEST_SIZE = 64 * 1024 * 1024;

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
     * The Kafka Streams configuration to run these topologies with: {@code props} plus the producer's
     * {@code max.request.size} raised to {@link #MAX_REQUEST_SIZE} (unless set), so that snapshots of models over
     * 1 MB can be sent. The snapshot topic's {@code max.message.bytes} must be raised to match (the model store's
     * changelog needs nothing: checkpoints are chunked).
     *
     * @param props the application's configuration; not modified
     * @return a new Properties
     */
    public static Properties streamsProperties(Map<?, ?> props) {
        Properties p = new Properties();
        props.forEach(p::put);
        String key = StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (!p.containsKey(key) && !p.containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)) {
            p.put(key, MAX_REQUEST_SIZE);
        }
        return p;
    }
}
