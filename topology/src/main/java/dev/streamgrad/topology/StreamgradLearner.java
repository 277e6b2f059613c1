package dev.streamgrad.topology;

import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.mapping.FeatureMapper;
import dev.streamgrad.topology.internal.LearnerParts;
import dev.streamgrad.topology.internal.ModelStateStore;
import dev.streamgrad.serde.mapping.FeatureMapperConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Online learning for your own {@link StreamsBuilder}: give it a stream of raw LabeledEvent bytes, get back a stream
 * of {@link LearnerOutput}s (predictions, snapshots, metrics, dead letters), and route them to topics with
 * {@link #toTopics(KStream)} or yourself.
 *
 * <pre>{@code
 * StreamgradLearner learner = StreamgradLearner.create(props);   // streamgrad.*, serde and Streams keys
 * StreamsBuilder builder = new StreamsBuilder();
 * KStream<byte[], byte[]> events = builder.stream("sensor-events", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
 * learner.toTopics(learner.learn(builder, events));
 * }</pre>
 *
 * Every node, store and repartition topic is named with {@code streamgrad.node.prefix}. Immutable; thread-safe.
 */
public final class StreamgradLearner {
    private final StreamgradConfig config;
    private final Map<String, Object> serdeConfig;
    private final LearnerParts parts;
    private final KeyValueBytesStoreSupplier storeSupplier;

    private StreamgradLearner(StreamgradConfig config, Map<String, Object> serdeConfig, LearnerParts parts,
                              KeyValueBytesStoreSupplier storeSupplier) {
        this.config = config;
        this.serdeConfig = serdeConfig;
        this.parts = parts;
        this.storeSupplier = storeSupplier;
    }

    /**
     * @param supplier the model store's bytes store, named {@link #storeName()} (default: an in-memory store, restored
     *                 from its compacted changelog at start-up); it is given a changelog and no cache. A persistent
     *                 (RocksDB) store restarts faster; use it only with {@code exactly_once_v2}: under at-least-once
     *                 Kafka Streams keeps the local state after a crash and replays the changelog on top of it, which
     *                 can mix two checkpoints of one model
     * @return a learner like this one with that store
     */
    public StreamgradLearner withStoreSupplier(KeyValueBytesStoreSupplier supplier) {
        if (!supplier.name().equals(storeName())) {
            throw new IllegalArgumentException("the store must be named '" + storeName() + "', not '"
                    + supplier.name() + "'");
        }
        return new StreamgradLearner(config, serdeConfig, parts, supplier);
    }

    /**
     * @param props streamgrad keys ({@link StreamgradConfig}) and serde keys ({@code schema.registry.url}: a
     *              registry URL or {@code mock://scope}; without one, Avro single-object encoding is used); not
     *              modified
     * @return the learner
     * @throws ConfigException naming the key of a bad value
     */
    public static StreamgradLearner create(Map<?, ?> props) {
        StreamgradConfig config = new StreamgradConfig(props);
        Map<String, Object> serdeConfig = new HashMap<>();
        props.forEach((k, v) -> serdeConfig.put(String.valueOf(k), v));
        ModelState warm = null;
        if (!config.warmStartFile().isEmpty()) {
            try {
                warm = ModelStateCodec.fromBytes(Files.readAllBytes(Path.of(config.warmStartFile())));
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(StreamgradConfig.WARM_START_FILE_CONFIG, config.warmStartFile(),
                        "cannot read a model state from it: " + e.getMessage());
            }
            if (!warm.spec().equals(config.networkSpec())) {
                throw new ConfigException(StreamgradConfig.WARM_START_FILE_CONFIG, config.warmStartFile(),
                        "its spec " + warm.spec().toJson() + " is not " + StreamgradConfig.MODEL_SPEC_CONFIG);
            }
        }
        if (config.inputFormat() != StreamgradConfig.InputFormat.LABELED_EVENT) {
            checkMapper(config, serdeConfig);
        }
        return new StreamgradLearner(config, serdeConfig, new LearnerParts(config, serdeConfig, warm), null);
    }

    private static void checkMapper(StreamgradConfig config, Map<String, Object> serdeConfig) {
        Object url = serdeConfig.get("schema.registry.url");
        if (config.inputFormat() == StreamgradConfig.InputFormat.AVRO_RECORD && (url == null
                || url.toString().isBlank())) {
            throw new ConfigException(StreamgradConfig.INPUT_FORMAT_CONFIG, "avro_record",
                    "user Avro records are read with the registry: set schema.registry.url (or mock://scope)");
        }
        int dimension = FeatureMapper.fromProperties(serdeConfig).dimension();   // ConfigException if bad
        int inputSize = config.networkSpec().inputSize();
        if (dimension >= 0 && dimension != inputSize) {
            throw new ConfigException(FeatureMapperConfig.FEATURES_CONFIG, serdeConfig.get(
                    FeatureMapperConfig.FEATURES_CONFIG), "the mapped feature vector has " + dimension
                    + " values, the model (" + StreamgradConfig.MODEL_SPEC_CONFIG + ") takes " + inputSize);
        }
    }

    /** @return the parsed configuration */
    public StreamgradConfig config() {
        return config;
    }

    /** @return the full name of the model store */
    public String storeName() {
        return config.nodePrefix() + config.storeName();
    }

    private String name(String node) {
        return config.nodePrefix() + node;
    }

    /**
     * @param recordClass a generated Avro class
     * @return its value serde: the Confluent wire format with the configured registry, or single-object encoding
     *     if no {@code schema.registry.url} is configured
     */
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> recordClass) {
        return parts.valueSerde(recordClass);
    }

    /**
     * @return the model store: in memory (unless {@link #withStoreSupplier} says otherwise), changelogged, not cached,
     *     written once per commit. Its changelog carries checkpoint chunks and log segments of at most 512 KB, so the
     *     broker's default record limit is enough for any model size.
     */
    public StoreBuilder<ModelStateStore> storeBuilder() {
        return parts.storeBuilder(storeSupplier != null ? storeSupplier : Stores.inMemoryKeyValueStore(storeName()));
    }

    /**
     * The learner as a processor supplier, with its store ({@link ProcessorSupplier#stores()}), for
     * {@code KStream#process}. Its input must be keyed by model id (UTF-8) and partitioned by it; its values are
     * raw LabeledEvent bytes. Prefer {@link #learn}, which re-keys and repartitions when needed.
     *
     * @return the supplier
     */
    public ProcessorSupplier<byte[], byte[], byte[], LearnerOutput> processorSupplier() {
        return processorSupplier(null);
    }

    private ProcessorSupplier<byte[], byte[], byte[], LearnerOutput> processorSupplier(String warmStartStore) {
        return parts.learner(storeName(), storeBuilder(), warmStartStore);
    }

    /**
     * Adds online learning to a stream of raw events: re-keys and repartitions by model id when the id is not the
     * key, then the learner (nodes {@code <prefix>rekey}, {@code <prefix>by-model-id}, {@code <prefix>learner}).
     * With a warm-start topic configured, also adds its global store.
     *
     * @param builder the builder the stream belongs to
     * @param events  raw records: key and value bytes as in the input topic
     * @return the learner's outputs, keyed by model id (dead letters: by the original key)
     */
    public KStream<byte[], LearnerOutput> learn(StreamsBuilder builder, KStream<byte[], byte[]> events) {
        KStream<byte[], byte[]> byModel = config.replicated() ? withSync(builder, events) : rekeyed(events,
                labels(builder));
        String warmStore = null;
        if (!config.warmStartTopic().isEmpty()) {
            warmStore = name("warm-start-snapshots");
            addSnapshotStore(builder, config.warmStartTopic(), warmStore);
        }
        // A global store is visible to every processor: it is not connected by name.
        return byModel.process(processorSupplier(warmStore), Named.as(name("learner")));
    }

    /**
     * @return the late labels, marked and keyed by model id (nodes {@code <prefix>labels-source},
     *     {@code <prefix>label-rekey}), or null if {@code streamgrad.labels.topic} is not set
     */
    private KStream<byte[], byte[]> labels(StreamsBuilder builder) {
        if (config.labelsTopic().isEmpty()) {
            return null;
        }
        return builder.stream(config.labelsTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(name("labels-source")))
                .process(parts.labelRekeyer(), Named.as(name("label-rekey")));
    }

    /** Events and labels of a model meet in one partition: merged before the learner, or before the repartition. */
    private KStream<byte[], byte[]> withLabels(KStream<byte[], byte[]> events, KStream<byte[], byte[]> labels) {
        return labels == null ? events : events.merge(labels, Named.as(name("with-labels")));
    }

    /**
     * Replicated mode: the input as it is (not re-keyed, not repartitioned) merged with the sync topic, a second
     * source of the learner's sub-topology, so the task of input partition p also reads sync partition p.
     */
    private KStream<byte[], byte[]> withSync(StreamsBuilder builder, KStream<byte[], byte[]> events) {
        return events.merge(builder.stream(config.syncTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withName(name("sync-source"))), Named.as(name("with-sync")));
    }

    private KStream<byte[], byte[]> rekeyed(KStream<byte[], byte[]> events, KStream<byte[], byte[]> labels) {
        StreamgradConfig.ModelIdSource source = config.modelIdSource();
        if (source == StreamgradConfig.ModelIdSource.KEY) {
            return withLabels(events, labels);
        }
        String field = source == StreamgradConfig.ModelIdSource.FIELD ? config.modelIdField() : null;
        String constant = source == StreamgradConfig.ModelIdSource.CONSTANT ? config.modelIdConstant() : null;
        return withLabels(events.process(parts.rekeyer(field, constant), Named.as(name("rekey"))), labels)
                .repartition(Repartitioned.<byte[], byte[]>as(name("by-model-id"))
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.ByteArray()));
    }

    private void addSnapshotStore(StreamsBuilder builder, String topic, String storeName) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(storeName), Serdes.Bytes(),
                        Serdes.ByteArray()).withLoggingDisabled(), topic,
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(storeName + "-source"),
                parts.snapshotStoreUpdater(storeName));
    }

    /**
     * Routes outputs to the configured topics: one router node {@code <prefix>route} serialises each output and
     * forwards it to its sink, {@code <prefix>predictions-sink}, {@code <prefix>snapshots-sink},
     * {@code <prefix>metrics-sink} (UTF-8 JSON), {@code <prefix>dead-letters-sink} or {@code <prefix>drift-sink}
     * (byte[] keys and values). Values
     * are serialised with {@link #valueSerde}'s serializers, called with the sink's topic (registry subjects
     * {@code <topic>-value}). A snapshot larger than {@code streamgrad.snapshot.chunk.bytes} goes out as chunk
     * records + a manifest ({@link SnapshotChunks}), all in the model id's partition.
     *
     * @param outputs the learner's (or scorer's) outputs
     */
    public void toTopics(KStream<byte[], LearnerOutput> outputs) {
        LearnerParts.Sinks sinks = new LearnerParts.Sinks(name("predictions-sink"), name("snapshots-sink"),
                name("metrics-sink"), name("dead-letters-sink"), name("drift-sink"));
        // The router forwards each record to one named child: the sinks added below.
        String syncSink = config.replicated() ? name("sync-sink") : null;
        KStream<byte[], byte[]> routed = outputs.process(parts.router(sinks, syncSink), Named.as(name("route")));
        if (syncSink != null) {
            routed.to(config.syncTopic(), bytesTo(syncSink).withStreamPartitioner(LearnerParts.syncPartitioner()));
        }
        routed.to(config.predictionsTopic(), bytesTo(sinks.predictions()));
        routed.to(config.snapshotsTopic(), bytesTo(sinks.snapshots()).withStreamPartitioner(SnapshotChunks.partitioner()));
        routed.to(config.metricsTopic(), bytesTo(sinks.metrics()));
        routed.to(config.deadLetterTopic(), bytesTo(sinks.deadLetters()));
        routed.to(config.driftTopic(), bytesTo(sinks.drifts()));
    }

    private static Produced<byte[], byte[]> bytesTo(String sink) {
        return Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(sink);
    }

    /**
     * Adds serving without training: the snapshot topic in a global store, and a scorer giving each event the
     * latest snapshot's prediction for its model (nodes {@code <prefix>snapshot-store}, {@code <prefix>scorer}).
     *
     * @param builder the builder
     * @param events  raw input records
     * @return the scorer's outputs (predictions and dead letters)
     */
    public KStream<byte[], LearnerOutput> serve(StreamsBuilder builder, KStream<byte[], byte[]> events) {
        String store = name("serving-snapshots");
        addSnapshotStore(builder, config.snapshotsTopic(), store);
        StreamgradConfig.ModelIdSource source = config.modelIdSource();
        String field = source == StreamgradConfig.ModelIdSource.FIELD ? config.modelIdField() : null;
        String constant = source == StreamgradConfig.ModelIdSource.CONSTANT ? config.modelIdConstant() : null;
        return events.process(parts.scorer(store, field, constant), Named.as(name("scorer")));
    }
}
