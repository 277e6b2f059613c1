package dev.streamgrad.topology.internal;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys raw input records by model id (a field of the value, or a constant) before the repartition topic, and
 * records the original key, topic, partition and offset in headers. The value's bytes pass unchanged, so the
 * learner decodes them again and has the original bytes for a dead letter. A record whose model id cannot be
 * found keeps its key and carries the rejection in a header; the learner dead-letters it.
 */
final class ModelIdRekeyer implements Processor<byte[], byte[], byte[], byte[]> {
    /** Header: the original record key (absent if it was null). */
    static final String KEY_HEADER = "streamgrad.source.key";
    /** Header: why the model id could not be found (UTF-8 "REASON message"). */
    static final String REJECTED_HEADER = "streamgrad.rejected";

    private final InputDecoder decoder;
    private final String field;
    private final byte[] constant;
    private ProcessorContext<byte[], byte[]> context;

    /**
     * @param decoder  decodes values (used when the id is a field)
     * @param field    the field holding the model id, or null when the id is a constant
     * @param constant the constant model id, or null when it is a field
     */
    ModelIdRekeyer(InputDecoder decoder, String field, String constant) {
        this.decoder = decoder;
        this.field = field;
        this.constant = constant == null ? null : constant.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Record<byte[], byte[]> out = record.withHeaders(record.headers());
        Headers headers = out.headers();
        SourceHeaders.of(headers, context.recordMetadata().orElse(null)).writeTo(headers);
        headers.remove(KEY_HEADER).remove(REJECTED_HEADER);
        if (record.key() != null) {
            headers.add(KEY_HEADER, record.key());
        }
        byte[] key;
        if (constant != null) {
            key = constant;
        } else {
            try {
                Object source = decoder.source(context.recordMetadata().map(m -> m.topic()).orElse(null),
                        record.headers(), record.value());
                key = ModelIds.ofField(source, field).getBytes(StandardCharsets.UTF_8);
            } catch (Rejection r) {
                headers.add(REJECTED_HEADER, (r.reason().name() + " " + r.getMessage())
                        .getBytes(StandardCharsets.UTF_8));
                key = record.key() == null ? new byte[0] : record.key();
            }
        }
        context.forward(out.withKey(key));
    }
}
