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
 * found keeps its key and carries the rejection in a header; the learner dead-letters it. Late labels take the same
 * path, marked by a header ({@link LabelJoin#LABEL_HEADER}), so that events and labels of a model reach its task in
 * one partition, in one order.
 */
final class ModelIdRekeyer implements Processor<byte[], byte[], byte[], byte[]> {
    /** Header: the original record key (absent if it was null). */
    static final String KEY_HEADER = "streamgrad.source.key";
    /** Header: why the model id could not be found (UTF-8 "REASON message"). */
    static final String REJECTED_HEADER = "streamgrad.rejected";

    /** Finds the model id in a record's value. */
    interface IdFinder {
        /**
         * @return the model id, or null to keep the record's key
         * @throws Rejection if the value has none
         */
        String modelId(String topic, Headers headers, byte[] value) throws Rejection;
    }

    private final IdFinder finder;
    private final byte[] constant;
    private final String marker;
    private ProcessorContext<byte[], byte[]> context;

    /**
     * @param decoder  decodes values (used when the id is a field)
     * @param field    the field holding the model id, or null when the id is a constant
     * @param constant the constant model id, or null when it is a field
     */
    ModelIdRekeyer(InputDecoder decoder, String field, String constant) {
        this(constant, (topic, headers, value) -> ModelIds.ofField(decoder.source(topic, headers, value), field),
                null);
    }

    /**
     * @param constant the constant model id, or null to ask the finder
     * @param finder   finds the model id in a value (used when there is no constant)
     * @param marker   a header added (empty) to every record, telling the learner what kind of record it is; or null
     */
    ModelIdRekeyer(String constant, IdFinder finder, String marker) {
        this.finder = finder;
        this.constant = constant == null ? null : constant.getBytes(StandardCharsets.UTF_8);
        this.marker = marker;
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
        if (marker != null) {
            headers.remove(marker).add(marker, new byte[0]);
        }
        byte[] key;
        if (constant != null) {
            key = constant;
        } else {
            try {
                String id = finder.modelId(context.recordMetadata().map(m -> m.topic()).orElse(null),
                        record.headers(), record.value());
                key = id == null ? record.key() : id.getBytes(StandardCharsets.UTF_8);
            } catch (Rejection r) {
                headers.add(REJECTED_HEADER, (r.reason().name() + " " + r.getMessage())
                        .getBytes(StandardCharsets.UTF_8));
                key = record.key() == null ? new byte[0] : record.key();
            }
        }
        context.forward(out.withKey(key));
    }
}
