package dev.streamgrad.topology.internal;

import dev.streamgrad.model.Target;
import dev.streamgrad.serde.StreamgradSerializationException;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Label;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The learner's input step for a late label: a raw record (key = model id, value = {@code Label} bytes in the
 * registry wire format or single-object encoding) to a checked label. The target is checked as an event's is
 * (finite, within {@code streamgrad.input.max.abs}, the spec's shape and domain), the event id for its length, so a
 * bad label is dead-lettered before it waits or touches a model. Not thread-safe: one per processor.
 */
final class LabelReader {
    /** The longest event id (UTF-8 bytes) a label or held event may have: ids are keys of the held items. */
    static final int MAX_EVENT_ID_BYTES = 1024;

    private final Deserializer<Label> deserializer;
    private final ExampleReader examples;
    private final double maxAbs;
    private final ModelIds ids = new ModelIds();

    /**
     * A label, read.
     *
     * @param modelId the model id (the key)
     * @param eventId the id of the event it labels
     * @param target  the checked target
     */
    record Inbound(String modelId, String eventId, Target target) { }

    /**
     * @param deserializer the Label value deserializer; shared, thread-safe
     * @param examples     checks targets against the configured spec
     * @param maxAbs       the largest magnitude of a target value ({@code streamgrad.input.max.abs})
     */
    LabelReader(Deserializer<Label> deserializer, ExampleReader examples, double maxAbs) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        this.examples = examples;
        this.maxAbs = maxAbs;
    }

    /**
     * @param record the label record; not modified
     * @param origin where it came from
     * @return the label, read
     * @throws Rejection if it was refused before the repartition, has no valid UTF-8 key, does not decode, has an
     *     empty or too long event id, or a target that does not fit the spec
     */
    Inbound read(Record<byte[], byte[]> record, SourceHeaders origin) throws Rejection {
        RecordReader.throwIfRejectedUpstream(record);
        String modelId = ids.ofKey(record.key());
        Label label = decode(origin.topic(), record.headers(), record.value());
        String eventId = checkedEventId(label.getEventId() == null ? null : label.getEventId().toString());
        InputDecoder.checkTarget(label.getTarget(), null, maxAbs);
        return new Inbound(modelId, eventId, examples.target(label.getTarget()));
    }

    /**
     * @param topic   the source topic
     * @param headers the record headers; not modified
     * @param value   the value bytes; not modified
     * @return the decoded label (not checked)
     * @throws Rejection if the bytes are not a Label
     */
    Label decode(String topic, Headers headers, byte[] value) throws Rejection {
        return decode(deserializer, topic, headers, value);
    }

    /** @see #decode(String, Headers, byte[]) */
    static Label decode(Deserializer<Label> deserializer, String topic, Headers headers, byte[] value)
            throws Rejection {
        InputDecoder.requireValue(value);
        try {
            Label label = deserializer.deserialize(topic, headers, value);
            if (label == null) {
                throw new Rejection(DeadLetterReason.INVALID_RECORD, "the value decoded to no label", null, null);
            }
            return label;
        } catch (StreamgradSerializationException e) {
            throw InputDecoder.rejection(e);
        } catch (RuntimeException e) {
            throw new Rejection(DeadLetterReason.MALFORMED_BYTES, "cannot decode the label: " + e, null, null);
        }
    }

    /**
     * @param eventId an event id (of a label or of an unlabeled event), or null
     * @return it, if it can key a held item
     * @throws Rejection INVALID_RECORD if it is null, empty or longer than {@link #MAX_EVENT_ID_BYTES} UTF-8 bytes
     */
    static String checkedEventId(String eventId) throws Rejection {
        if (eventId == null || eventId.isEmpty()) {
            throw new Rejection(DeadLetterReason.INVALID_RECORD, "the event id is missing or empty", null, "eventId");
        }
        int bytes = eventId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EVENT_ID_BYTES) {
            throw new Rejection(DeadLetterReason.INVALID_RECORD, "the event id has " + bytes + " bytes, more than "
                    + MAX_EVENT_ID_BYTES, null, "eventId");
        }
        return eventId;
    }
}
