package dev.streamgrad.serde.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro binary encoding and decoding with cached datum writers and readers, and hand-written ones for the per-event
 * records of the shipped schemas ({@link PredictionWriter}, {@link LabeledEventWriter}, {@link LabeledEventReader}).
 * Thread-safe (readers and writers are cached per schema pair and are themselves thread-safe; encoders are per call).
 */
public final class AvroCodec {
    private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
    private final Map<SchemaPair, Reading> readers = new ConcurrentHashMap<>();
    private final int maxZeroByteItems;

    /** A codec whose decoder allows {@link BoundedBinaryDecoder#DEFAULT_MAX_ZERO_BYTE_ITEMS} zero-byte items. */
    public AvroCodec() {
        this(BoundedBinaryDecoder.DEFAULT_MAX_ZERO_BYTE_ITEMS);
    }

    /**
     * @param maxZeroByteItems how many array items of one datum may take no bytes (null items, records of nulls):
     *                         the decoder's bound, see {@link BoundedBinaryDecoder}; &gt;= 0
     */
    public AvroCodec(int maxZeroByteItems) {
        if (maxZeroByteItems < 0) {
            throw new IllegalArgumentException("maxZeroByteItems must be >= 0, got " + maxZeroByteItems);
        }
        this.maxZeroByteItems = maxZeroByteItems;
    }

    /** The pair read last and how: found by identity, without the map's hashing and deep equality per record. */
    private volatile Resolved last;

    private record SchemaPair(Schema writer, Schema reader, boolean specific) {
    }

    private record Resolved(Schema writer, Schema reader, boolean specific, Reading reading) {
    }

    /** One way to read a datum for a schema pair: Avro's resolving reader, or {@link LabeledEventReader}. */
    @FunctionalInterface
    private interface Reading {
        Object read(BoundedBinaryDecoder decoder) throws IOException;
    }

    /**
     * Appends the Avro binary of a record to {@code out}.
     *
     * @param record Not modified.
     * @param out    Modified: the bytes are appended
     * @throws IOException or a runtime exception (AvroRuntimeException, ClassCastException, NullPointerException,
     *                     ArithmeticException) when the record does not match its schema
     */
    public void encode(GenericContainer record, ByteArrayOutputStream out) throws IOException {
        Schema schema = record.getSchema();
        if (record instanceof Prediction p && schema == Prediction.getClassSchema()) {
            PredictionWriter.write(p, out);   // the learner's per-event output: the same bytes, without Avro's walk
            return;
        }
        if (record instanceof LabeledEvent e && schema == LabeledEvent.getClassSchema()
                && LabeledEventWriter.write(e, out)) {
            return;   // a producer's per-event record, likewise
        }
        DatumWriter<Object> writer = record instanceof SpecificRecord
                ? specificWriters.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)))
                : genericWriters.computeIfAbsent(schema, GenericDatumWriter::new);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(record, encoder);
        encoder.flush();
    }

    /**
     * Decodes Avro binary written with {@code writer} into the {@code reader} schema (schema resolution applies).
     *
     * @param bytes    Not modified.
     * @param offset   start of the Avro binary
     * @param specific true for generated classes, false for GenericRecord
     * @return the datum
     * @throws EOFException                              if the bytes end too early
     * @throws BoundedBinaryDecoder.CorruptDataException if they cannot be Avro binary, or have bytes left over
     * @throws org.apache.avro.AvroRuntimeException     if they do not decode (or the schemas do not resolve)
     */
    @SuppressWarnings("unchecked")
    public <T> T decode(byte[] bytes, int offset, Schema writer, Schema reader, boolean specific) throws IOException {
        Resolved hit = last;
        Reading reading;
        if (hit != null && hit.writer() == writer && hit.reader() == reader && hit.specific() == specific) {
            reading = hit.reading();
        } else {
            reading = readers.computeIfAbsent(new SchemaPair(writer, reader, specific), AvroCodec::reading);
            last = new Resolved(writer, reader, specific, reading);
        }
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(bytes, offset, bytes.length - offset,
                maxZeroByteItems);
        Object datum = reading.read(decoder);
        if (decoder.remaining() != 0) {
            throw new BoundedBinaryDecoder.CorruptDataException(decoder.remaining()
                    + " bytes left over after the record: not written with this schema, or corrupt");
        }
        return (T) datum;
    }

    /** LabeledEvent's own writer schema read into the generated class: unboxed; everything else: Avro's reader. */
    private static Reading reading(SchemaPair p) {
        if (p.specific() && LabeledEventReader.reads(p.writer(), p.reader())) {
            return LabeledEventReader::read;
        }
        DatumReader<Object> avro = p.specific()
                ? new SpecificDatumReader<>(p.writer(), p.reader(), SpecificData.getForSchema(p.reader()))
                : new GenericDatumReader<>(p.writer(), p.reader());
        return decoder -> avro.read(null, decoder);
    }
}
