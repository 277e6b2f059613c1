package dev.streamgrad.serde.subject;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** Chooses the registry subject of a record's schema. Implementations are stateless and thread-safe. */
@FunctionalInterface
public interface SubjectNameStrategy {

    /**
     * @param topic  the record's topic
     * @param isKey  true for the record key, false for the value
     * @param schema the record's schema
     * @return the subject; never null
     */
    String subjectName(String topic, boolean isKey, Schema schema);

    /**
     * Resolves a configured strategy: a short name ({@code topic}, {@code record}, {@code topic-record}), one of
     * this package's class names, or the equivalent Confluent class name
     * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy} ...), or any class implementing this
     * interface with a public no-argument constructor.
     *
     * @throws ConfigException if it is none of these
     */
    static SubjectNameStrategy forName(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        switch (simple) {
            case "topic": case "topicnamestrategy":
                return new TopicNameStrategy();
            case "record": case "recordnamestrategy":
                return new RecordNameStrategy();
            case "topic-record": case "topicrecordnamestrategy":
                return new TopicRecordNameStrategy();
            default:
                try {
                    return (SubjectNameStrategy) Class.forName(name).getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | ClassCastException e) {
                    throw new ConfigException("subject name strategy", name,
                            "not topic, record, topic-record or a SubjectNameStrategy class: " + e);
                }
        }
    }
}
