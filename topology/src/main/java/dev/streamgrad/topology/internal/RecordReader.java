package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The learner's input step: a raw record (key = model id, value = the input format's bytes) to a checked event and
 * the log entry of its label. Everything that can be refused without a model is refused here, so a bad record never
 * creates one. Not thread-safe: one per processor.
 */
final class RecordReader {
    private final InputDecoder decoder;
    private final ExampleReader examples;
    private final ModelIds ids = new ModelIds();
    /** The one model id of the replicated mode (the key is then not read), or null: the key is the model id. */
    private final String constantId;

    /**
     * An input record, read.
     *
     * @param modelId the model id (the key)
     * @param event   the decoded event
     * @param x       its features
     * @param example the entry to learn, or null if the event has no target
     */
    record Inbound(String modelId, LabeledEvent event, double[] x, WalEntry example) { }

    /**
     * @param decoder  decodes values of the configured input format
     * @param examples checks events against the configured spec
     */
    RecordReader(InputDecoder decoder, ExampleReader examples) {
        this(decoder, examples, null);
    }

    /** @param constantId every record's model id (replicated mode: the input is not re-keyed), or null: the key */
    RecordReader(InputDecoder decoder, ExampleReader examples, String constantId) {
        this.decoder = decoder;
        this.examples = examples;
        this.constantId = constantId;
    }

    /**
     * @param record the input record; not modified
     * @param origin where it came from
     * @return the record, read
     * @throws Rejection if the record was refused before the repartition, has no valid UTF-8 key, does not decode,
     *     or does not fit the spec
     */
    Inbound read(Record<byte[], byte[]> record, SourceHeaders origin) throws Rejection {
        throwIfRejectedUpstream(record);
        String modelId = constantId != null ? constantId : ids.ofKey(record.key());
        LabeledEvent event = decoder.decode(origin.topic(), record.headers(), record.value()).event();
        double[] x = InputDecoder.features(event);
        return new Inbound(modelId, event, x, examples.read(event, x, origin, record.timestamp()));
    }

    /** @throws Rejection the rejection the re-keyer recorded in a header, if any */
    static void throwIfRejectedUpstream(Record<byte[], byte[]> record) throws Rejection {
        Header rejected = record.headers().lastHeader(ModelIdRekeyer.REJECTED_HEADER);
        if (rejected != null) {
            String text = new String(rejected.value(), StandardCharsets.UTF_8);
            int space = text.indexOf(' ');
            throw new Rejection(DeadLetterReason.valueOf(text.substring(0, space)), text.substring(space + 1), null,
                    null);
        }
    }

    /** @return the model id of a record key, or null if it has none (for counting a rejection against it) */
    String modelIdOrNull(byte[] key) {
        if (constantId != null) {
            return constantId;
        }
        try {
            return ids.ofKey(key);
        } catch (Rejection r) {
            return null;
        }
    }
}
