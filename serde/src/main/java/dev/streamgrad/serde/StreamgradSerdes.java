package dev.streamgrad.serde;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Factory of every serde streamgrad offers, configured and ready:
 * <pre>{@code
 * Serde<LabeledEvent> events = StreamgradSerdes.specific(LabeledEvent.class,
 *         Map.of("schema.registry.url", "http://sr:8081"), false);
 * Serde<LabeledEvent> noRegistry = StreamgradSerdes.singleObject(LabeledEvent.class);
 * }</pre>
 */
public final class StreamgradSerdes {

    private StreamgradSerdes() {
    }

    /**
     * A Confluent-wire-format serde for one generated record class; the reader schema is the class's.
     *
     * @param config {@link StreamgradSerdeConfig} keys ({@code schema.registry.url} is required)
     * @param isKey  true for record keys (subject {@code <topic>-key} with the default strategy)
     * @throws org.apache.kafka.common.config.ConfigException for a bad configuration
     */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> recordClass, Map<String, ?> config,
                                                                   boolean isKey) {
        AvroSerde<T> serde = new AvroSerde<>(new AvroSerializer<>(), new AvroDeserializer<>(recordClass, null));
        serde.configure(config, isKey);
        return serde;
    }

    /**
     * A Confluent-wire-format serde for any record as {@link GenericRecord} (reader schema = writer schema).
     *
     * @param config {@link StreamgradSerdeConfig} keys ({@code schema.registry.url} is required)
     * @param isKey  true for record keys
     */
    public static AvroSerde<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
        AvroSerde<GenericRecord> serde = new AvroSerde<>(new AvroSerializer<>(), new AvroDeserializer<>(null, null));
        serde.configure(config, isKey);
        return serde;
    }

    /**
     * A registry-free serde (Avro single-object encoding) for one of the shipped record classes, reading every
     * shipped version of its schema.
     */
    public static <T extends SpecificRecord> Serde<T> singleObject(Class<T> recordClass) {
        return singleObject(recordClass, SingleObjectEncoding.shipped());
    }

    /**
     * A registry-free serde for any generated class.
     *
     * @param schemas the writer schemas to recognise when reading
     */
    public static <T extends SpecificRecord> Serde<T> singleObject(Class<T> recordClass, SingleObjectEncoding schemas) {
        return Serdes.serdeFrom(new SingleObjectSerializer<>(), new SingleObjectDeserializer<>(recordClass, schemas));
    }

    /**
     * A registry-free serde for GenericRecords.
     *
     * @param schemas the writer schemas to recognise when reading
     */
    public static Serde<GenericRecord> singleObjectGeneric(SingleObjectEncoding schemas) {
        return Serdes.serdeFrom(new SingleObjectSerializer<>(), new SingleObjectDeserializer<>(null, schemas));
    }
}
