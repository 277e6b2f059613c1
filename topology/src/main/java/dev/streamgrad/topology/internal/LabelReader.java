package dev.streamgrad.topology.internal;

import dev.streamgrad.model.Target;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Label;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The learner's input step for a late label: a raw record (key = model id, value = a label in the configured
 * {@code streamgrad.labels.format}, see {@link LabelDecoder}) to a checked label. The target is checked as an event's is
 * (finite, within {@code streamgrad.input.max.abs}, the spec's shape and domain), the event id for its length, so a
 * bad label is dead-lettered before it waits or touches a model. Not thread-safe: one per processor.
 */
final class LabelReader {
    /** The longest event id (UTF-8 bytes) a label or held event may have: ids are keys of the held items. */
    static final int MAX_EVENT_ID_BYTES = 1024;

    private final LabelDecoder decoder;
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
     * @param decoder  decodes label values of the configured format; shared, thread-safe
     * @param examples checks targets against the configured spec
     * @param maxAbs   the largest magnitude of a target value ({@code streamgrad.input.max.abs})
     */
    LabelReader(LabelDecoder decoder, ExampleReader examples, double maxAbs) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
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
        Label label = decoder.decode(origin.topic(), record.headers(), record.value());
        String eventId = checkedEventId(label.getEventId() == null ? null : label.getEventId().toString());
        InputDecoder.checkTarget(label.getTarget(), null, maxAbs);
        return new Inbound(modelId, eventId, examples.target(label.getTarget()));
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
