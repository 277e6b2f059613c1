package dev.streamgrad.topology.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The original source topic/partition/offset of a record, carried in headers through a repartition topic so that
 * dead letters and the at-least-once de-duplication refer to the record the user produced.
 *
 * @param topic     the source topic, or null if unknown
 * @param partition the source partition, or -1
 * @param offset    the source offset, or -1
 */
record SourceHeaders(String topic, int partition, long offset) {
    /** Header holding the source topic (UTF-8). */
    public static final String TOPIC = "streamgrad.source.topic";
    /** Header holding the source partition (4 bytes, big-endian). */
    public static final String PARTITION = "streamgrad.source.partition";
    /** Header holding the source offset (8 bytes, big-endian). */
    public static final String OFFSET = "streamgrad.source.offset";

    /**
     * @param headers  the record's headers; not modified
     * @param metadata the consumed record's metadata, used when the headers do not say; may be null
     * @return the record's origin
     */
    public static SourceHeaders of(Headers headers, RecordMetadata metadata) {
        Header t = headers.lastHeader(TOPIC);
        Header p = headers.lastHeader(PARTITION);
        Header o = headers.lastHeader(OFFSET);
        if (t != null && p != null && o != null && p.value().length == 4 && o.value().length == 8) {
            return new SourceHeaders(new String(t.value(), StandardCharsets.UTF_8), ByteBuffer.wrap(p.value()).getInt(),
                    ByteBuffer.wrap(o.value()).getLong());
        }
        if (metadata == null) {
            return new SourceHeaders(null, -1, -1L);
        }
        return new SourceHeaders(metadata.topic(), metadata.partition(), metadata.offset());
    }

    /** @param headers modified: this origin replaces any previous one */
    public void writeTo(Headers headers) {
        headers.remove(TOPIC).remove(PARTITION).remove(OFFSET);
        if (topic != null) {
            headers.add(TOPIC, topic.getBytes(StandardCharsets.UTF_8));
            headers.add(PARTITION, ByteBuffer.allocate(4).putInt(partition).array());
            headers.add(OFFSET, ByteBuffer.allocate(8).putLong(offset).array());
        }
    }
}
