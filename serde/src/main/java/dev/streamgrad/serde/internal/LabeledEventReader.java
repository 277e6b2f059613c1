package dev.streamgrad.serde.internal;

import dev.streamgrad.serde.avro.LabeledEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * A hand-written decoder of {@link LabeledEvent} for the one writer schema whose binary layout it knows (the
 * shipped schema's parsing canonical form: field order, types and union branches; docs, defaults and logical-type
 * annotations do not change the bytes). It reads {@code array<double>} fields straight into a primitive array
 * ({@link DoubleArrayList}), where Avro's reader boxes every element into a {@code Double}. For any other writer
 * schema the caller uses Avro's resolving reader ({@link #reads}). Stateless and thread-safe; the decoder is the
 * caller's.
 */
public final class LabeledEventReader {
    private static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(LabeledEvent.getClassSchema());

    private LabeledEventReader() {
    }

    /**
     * @param writer the schema the bytes were written with; not modified
     * @param reader the schema to read into; not modified
     * @return whether {@link #read} decodes these bytes exactly as Avro's specific reader would
     */
    public static boolean reads(Schema writer, Schema reader) {
        return reader.equals(LabeledEvent.getClassSchema())
                && SchemaNormalization.parsingFingerprint64(writer) == FINGERPRINT;
    }

    /**
     * Reads one event written with the shipped LabeledEvent schema.
     *
     * @param in Modified: positioned after the event
     * @return the event; its {@code features} (and an array {@code target}) are {@link DoubleArrayList}s
     * @throws java.io.EOFException                       if the bytes end too early
     * @throws BoundedBinaryDecoder.CorruptDataException if they cannot be such an event (e.g. a bad union index)
     */
    public static LabeledEvent read(BoundedBinaryDecoder in) throws IOException {
        LabeledEvent event = new LabeledEvent();
        event.setFeatures(doubles(in));
        switch (union(in, 4, "target")) {
            case 1 -> event.setTarget(in.readDouble());
            case 2 -> event.setTarget(in.readInt());
            case 3 -> event.setTarget(doubles(in));
            default -> event.setTarget(null);
        }
        event.setId(union(in, 2, "id") == 1 ? in.readString() : null);
        event.setWeight(union(in, 2, "weight") == 1 ? in.readDouble() : null);
        event.setEventTime(union(in, 2, "eventTime") == 1 ? Instant.ofEpochMilli(in.readLong()) : null);
        return event;
    }

    private static int union(BoundedBinaryDecoder in, int branches, String field) throws IOException {
        int index = in.readIndex();
        if (index < 0 || index >= branches) {
            throw new BoundedBinaryDecoder.CorruptDataException("union index " + index + " of field " + field
                    + " out of range [0, " + branches + ")");
        }
        return index;
    }

    /** An {@code array<double>}, in however many blocks the writer used. */
    private static List<Double> doubles(BoundedBinaryDecoder in) throws IOException {
        DoubleArrayList list = new DoubleArrayList(0);
        for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
            list.appendBlock(in, n);   // one pass per block; the block's bytes are checked before it is sized
        }
        return list;
    }
}
