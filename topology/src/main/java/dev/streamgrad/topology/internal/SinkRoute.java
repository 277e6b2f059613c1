package dev.streamgrad.topology.internal;

import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One destination of the {@link OutputRouter}: a sink node, its topic, and the serializer of the values sent there.
 * Immutable; shared by every task (the serializer must be thread-safe, as a sink's is).
 *
 * @param sink       the name of the sink node (a child of the router)
 * @param topic      the sink's topic: also the topic the serializer is called with, so registry subjects are
 *                   {@code <topic>-value} exactly as when the sink serialised
 * @param serializer the value serializer, already configured
 * @param <T>        the value type
 */
record SinkRoute<T>(String sink, String topic, Serializer<T> serializer) {
    public SinkRoute {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(serializer, "serializer");
    }

    /**
     * @param headers the record's headers, passed to the serializer (which may add to them); modified by the
     *                serializer only
     * @param value   the value; not modified
     * @return {@code serializer.serialize(topic, headers, value)}
     */
    public byte[] serialize(Headers headers, T value) {
        return serializer.serialize(topic, headers, value);
    }
}
