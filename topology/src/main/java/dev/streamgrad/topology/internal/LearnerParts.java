package dev.streamgrad.topology.internal;

import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DriftEvent;
import dev.streamgrad.serde.avro.Label;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.mapping.FeatureMapper;
import dev.streamgrad.topology.LearnerOutput;
import dev.streamgrad.topology.SnapshotChunks;
import dev.streamgrad.topology.StreamgradConfig;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The internal builder behind {@code StreamgradLearner}: makes the processors, stores and routes of one
 * configuration, so that the public API names no internal type but {@link ModelStateStore}. Immutable; thread-safe.
 */
public final class LearnerParts {
    private final StreamgradConfig config;
    private final Map<String, Object> serdeConfig;
    private final ModelFactory factory;

    /**
     * @param config      the parsed configuration
     * @param serdeConfig the serde keys (registry URL, mapper); not modified, not copied
     * @param warmStart   the state every new model starts from, or null
     */
    public LearnerParts(StreamgradConfig config, Map<String, Object> serdeConfig, ModelState warmStart) {
        this.config = config;
        this.serdeConfig = serdeConfig;
        this.factory = new ModelFactory(config.networkSpec(), KernelMode.valueOf(config.kernels()), warmStart,
                config::driftSpec);
    }

    /**
     * @param recordClass a generated Avro class
     * @return its value serde: the registry wire format if {@code schema.registry.url} is set, else single-object
     */
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> recordClass) {
        Object url = serdeConfig.get("schema.registry.url");
        if (url == null || url.toString().isBlank()) {
            return StreamgradSerdes.singleObject(recordClass);
        }
        return StreamgradSerdes.specific(recordClass, serdeConfig, false);
    }

    /** @return a factory of input decoders of the configured format (one per processor; deserializers shared) */
    private Supplier<InputDecoder> decoders() {
        double maxAbs = config.inputMaxAbs();
        switch (config.inputFormat()) {
            case AVRO_RECORD: {
                Deserializer<GenericRecord> records = StreamgradSerdes.generic(serdeConfig, false).deserializer();
                return () -> new AvroRecordDecoder(records, FeatureMapper.fromProperties(serdeConfig), maxAbs);
            }
            case JSON:
                return () -> new JsonRecordDecoder(FeatureMapper.fromProperties(serdeConfig), maxAbs);
            default: {
                Deserializer<LabeledEvent> events = valueSerde(LabeledEvent.class).deserializer();
                return () -> new LabeledEventDecoder(events, maxAbs);
            }
        }
    }

    /**
     * @param supplier the bytes store, named as the model store
     * @return the model store's builder: changelogged, never cached
     */
    public StoreBuilder<ModelStateStore> storeBuilder(KeyValueBytesStoreSupplier supplier) {
        return new ModelStoreBuilder(supplier);
    }

    private Function<ProcessorContext<?, ?>, SnapshotLookup> lookup(String storeName) {
        if (storeName == null) {
            return c -> null;
        }
        Deserializer<WeightSnapshot> snapshots = valueSerde(WeightSnapshot.class).deserializer();
        return c -> new SnapshotLookup(storeName, c.getStateStore(storeName), snapshots);
    }

    /**
     * @param storeName      the model store's full name
     * @param store          the model store's builder
     * @param warmStartStore the global store of warm-start snapshots, or null
     * @return the learner, with its store
     */
    public ProcessorSupplier<byte[], byte[], byte[], LearnerOutput> learner(String storeName,
            StoreBuilder<ModelStateStore> store, String warmStartStore) {
        LearnerSettings settings = LearnerSettings.of(config, storeName, warmStartStore);
        Supplier<InputDecoder> decoders = decoders();
        Function<ProcessorContext<?, ?>, SnapshotLookup> warm = lookup(warmStartStore);
        LabelSettings labelSettings = LabelSettings.of(config);
        LabelDecoder labels = labelSettings == null ? null : labelDecoder();
        SyncSettings sync = SyncSettings.of(config);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<byte[], byte[], byte[], LearnerOutput> get() {
                LabelReader labelReader = labels == null ? null
                        : new LabelReader(labels, new ExampleReader(factory.create()), config.inputMaxAbs());
                return new LearnerProcessor(settings, factory, new RecordReader(decoders.get(),
                        new ExampleReader(factory.create()), sync == null ? null : sync.modelId()), warm, labelSettings,
                        labelReader, sync);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }

    /**
     * @param field    the model id field, or null
     * @param constant the constant model id, or null
     * @return the re-keyer by model id (before the repartition)
     */
    public ProcessorSupplier<byte[], byte[], byte[], byte[]> rekeyer(String field, String constant) {
        Supplier<InputDecoder> decoders = decoders();
        return () -> new ModelIdRekeyer(decoders.get(), field, constant);
    }

    /** @return the decoder of the configured labels format (ConfigException if its mapper keys are bad) */
    private LabelDecoder labelDecoder() {
        return LabelDecoder.of(config, serdeConfig, valueSerde(Label.class).deserializer());
    }

    /**
     * @return the re-keyer of late labels (before the learner, or the repartition topic when the events have one): it
     *     marks each record as a label ({@link LabelJoin#LABEL_HEADER}) and keys it by model id: the label's
     *     {@code modelId} field when {@code streamgrad.model.id.source=field}, the constant, or the record key
     */
    public ProcessorSupplier<byte[], byte[], byte[], byte[]> labelRekeyer() {
        StreamgradConfig.ModelIdSource source = config.modelIdSource();
        String constant = source == StreamgradConfig.ModelIdSource.CONSTANT ? config.modelIdConstant() : null;
        boolean field = source == StreamgradConfig.ModelIdSource.FIELD;
        LabelDecoder labels = labelDecoder();
        ModelIdRekeyer.IdFinder finder = (topic, headers, value) -> {
            if (!field) {
                return null;   // the key is the model id
            }
            Label label = labels.decode(topic, headers, value);
            if (label.getModelId() == null) {
                throw new Rejection(dev.streamgrad.serde.avro.DeadLetterReason.MAPPING_FAILED,
                        "the label has no model id (" + StreamgradConfig.MODEL_ID_SOURCE_CONFIG + "=field)", null,
                        "modelId");
            }
            return label.getModelId().toString();
        };
        return () -> new ModelIdRekeyer(constant, finder, LabelJoin.LABEL_HEADER);
    }

    /**
     * @param snapshotStore the global store of the snapshot topic
     * @param field         the model id field, or null
     * @param constant      the constant model id, or null (both null: the key)
     * @return the scorer (serving without training)
     */
    public ProcessorSupplier<byte[], byte[], byte[], LearnerOutput> scorer(String snapshotStore, String field,
                                                                          String constant) {
        Supplier<InputDecoder> decoders = decoders();
        Function<ProcessorContext<?, ?>, SnapshotLookup> snapshots = lookup(snapshotStore);
        DeadLetters deadLetters = new DeadLetters(config.deadLetterMaxBytes());
        return () -> new ScoringProcessor(factory, decoders.get(), snapshots, field, constant, deadLetters);
    }

    /**
     * @param storeName the global store fed by a snapshot topic
     * @return the processor that keeps it (latest value per key, tombstones delete)
     */
    public ProcessorSupplier<byte[], byte[], Void, Void> snapshotStoreUpdater(String storeName) {
        return () -> new SnapshotStoreUpdater(storeName);
    }

    /** @return the partitioner of the sync topic: each record to the partition its key names (replicated mode) */
    public static org.apache.kafka.streams.processor.StreamPartitioner<byte[], Object> syncPartitioner() {
        return SyncRecords.partitioner();
    }

    /**
     * @return the largest output record the producer takes ({@code producer.max.request.size} or
     *     {@code max.request.size}, default 1 MB) minus 16 KB for the record's headers and framing
     */
    static int maxRecordBytes(Map<String, Object> props) {
        Object v = props.getOrDefault("producer.max.request.size", props.getOrDefault("max.request.size", 1 << 20));
        return Math.max(1 << 10, Integer.parseInt(v.toString().trim()) - (16 << 10));
    }

    /** The sinks of the five output kinds, in the order predictions, snapshots, metrics, dead letters, drifts. */
    public record Sinks(String predictions, String snapshots, String metrics, String deadLetters, String drifts) { }

    /**
     * @param sinks  the sink node names
     * @return the router that serialises each output for its topic and forwards it to its sink
     */
    public ProcessorSupplier<byte[], LearnerOutput, byte[], byte[]> router(Sinks sinks) {
        return router(sinks, null);
    }

    /**
     * @param sinks    the sink node names
     * @param syncSink the sync topic's sink node (replicated mode), or null
     * @return the router that serialises each output for its topic and forwards it to its sink
     */
    public ProcessorSupplier<byte[], LearnerOutput, byte[], byte[]> router(Sinks sinks, String syncSink) {
        OutputRouter.Routes routes = new OutputRouter.Routes(
                new SinkRoute<>(sinks.predictions(), config.predictionsTopic(),
                        valueSerde(Prediction.class).serializer()),
                new SinkRoute<>(sinks.snapshots(), config.snapshotsTopic(),
                        valueSerde(WeightSnapshot.class).serializer()),
                new SinkRoute<>(sinks.metrics(), config.metricsTopic(), Serdes.String().serializer()),
                new SinkRoute<>(sinks.deadLetters(), config.deadLetterTopic(),
                        valueSerde(DeadLetter.class).serializer()),
                new SinkRoute<>(sinks.drifts(), config.driftTopic(), valueSerde(DriftEvent.class).serializer()));
        SnapshotChunks chunks = new SnapshotChunks(config.snapshotChunkBytes());
        int maxRecordBytes = maxRecordBytes(serdeConfig);
        return () -> new OutputRouter(routes, chunks, maxRecordBytes, syncSink);
    }
}
