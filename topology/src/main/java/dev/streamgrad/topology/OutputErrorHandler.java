package dev.streamgrad.topology;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' {@code production.exception.handler} for streamgrad's outputs: a record that cannot be produced
 * (too large for {@code max.request.size} or the topic's {@code max.message.bytes}, refused by the broker, or not
 * serialisable) is logged with its topic and size, counted, and skipped, and the application keeps running. A
 * retriable error is retried. {@link StreamgradTopology#streamsProperties} sets it unless the application sets its
 * own. The count is per handler instance (Kafka Streams makes one per stream thread).
 */
public final class OutputErrorHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OutputErrorHandler.class);
    private final AtomicLong skipped = new AtomicLong();

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        return skip(context, record, exception, "cannot be produced");
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        return skip(context, record, exception, "cannot be serialised (" + origin + ")");
    }

    private Response skip(ErrorHandlerContext context, ProducerRecord<?, ?> record, Exception exception,
                          String what) {
        long n = skipped.incrementAndGet();
        int bytes = record.value() instanceof byte[] v ? v.length : -1;
        LOG.error("an output record to '{}' ({} value bytes, from {}-{}@{}) {}: {}; skipped ({} so far)",
                record.topic(), bytes, context == null ? null : context.topic(),
                context == null ? null : context.partition(), context == null ? null : context.offset(), what,
                exception.toString(), n);
        return Response.resume();
    }

    /** @return how many output records this handler skipped */
    public long skipped() {
        return skipped.get();
    }
}
