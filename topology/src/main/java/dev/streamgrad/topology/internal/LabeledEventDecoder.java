package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.StreamgradSerializationException;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/** Input format {@code labeled_event}: the value is streamgrad's LabeledEvent (registry wire format or single-object). */
final class LabeledEventDecoder implements InputDecoder {
    private final Deserializer<LabeledEvent> deserializer;
    private final double maxAbs;

    /**
     * @param deserializer the configured value deserializer; shared, thread-safe
     * @param maxAbs       the largest magnitude of a feature or target value ({@code streamgrad.input.max.abs})
     */
    LabeledEventDecoder(Deserializer<LabeledEvent> deserializer, double maxAbs) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        this.maxAbs = maxAbs;
    }

    @Override
    public Object source(String topic, Headers headers, byte[] value) throws Rejection {
        return decode(topic, headers, value).event();
    }

    @Override
    public Decoded decode(String topic, Headers headers, byte[] value) throws Rejection {
        InputDecoder.requireValue(value);
        LabeledEvent event;
        try {
            event = deserializer.deserialize(topic, headers, value);
        } catch (StreamgradSerializationException e) {
            throw InputDecoder.rejection(e);
        } catch (RuntimeException e) {
            throw new Rejection(DeadLetterReason.MALFORMED_BYTES, "cannot decode the value: " + e, null, null);
        }
        InputDecoder.check(event, null, maxAbs);
        return new Decoded(event, event);
    }
}
