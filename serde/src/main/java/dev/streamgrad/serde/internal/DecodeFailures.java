package dev.streamgrad.serde.internal;

import dev.streamgrad.serde.SerdeErrorReason;
import dev.streamgrad.serde.StreamgradSerializationException;
import java.io.EOFException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Turns an exception raised while decoding Avro binary into the serde exception with the right reason. */
public final class DecodeFailures {
    private DecodeFailures() {
    }

    /**
     * @param e        what the decoder threw
     * @param topic    the record's topic
     * @param schemaId the writer schema's id, or null
     * @param writer   the writer schema
     * @param reader   the reader schema
     * @return the exception to throw
     */
    public static StreamgradSerializationException classify(Exception e, String topic, Integer schemaId, Schema writer,
                                                           Schema reader) {
        if (e instanceof AvroTypeException && SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return new StreamgradSerializationException(SerdeErrorReason.INCOMPATIBLE_SCHEMA, topic, schemaId,
                    "reader schema " + reader.getFullName() + " cannot read data written with writer schema "
                            + writer.getFullName() + ": " + e.getMessage(), e);
        }
        String what = e instanceof EOFException ? "truncated bytes" : "corrupt bytes";
        return new StreamgradSerializationException(SerdeErrorReason.MALFORMED_BYTES, topic, schemaId,
                what + " for writer schema " + writer.getFullName() + ": " + e, e);
    }
}
