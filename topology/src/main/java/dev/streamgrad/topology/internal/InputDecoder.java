package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.DoubleLists;
import dev.streamgrad.serde.StreamgradSerializationException;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import java.util.List;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a raw input value into a checked {@link LabeledEvent}: one implementation per {@code streamgrad.input.format}
 * ({@link LabeledEventDecoder}, {@link AvroRecordDecoder}, {@link JsonRecordDecoder}). Every failure is a
 * {@link Rejection} with its dead-letter reason. One instance per processor (a mapper may keep running means).
 */
interface InputDecoder {

    /**
     * A decoded record.
     *
     * @param event  the event (mapped, for a user's record), with finite features and target
     * @param source what the value decoded to: the LabeledEvent itself, a GenericRecord or a JsonNode
     */
    record Decoded(LabeledEvent event, Object source) { }

    /**
     * @param topic   the source topic (for the registry and messages)
     * @param headers the record headers; not modified
     * @param value   the value bytes; not modified
     * @return what the value decodes to, before mapping (for finding a model id in it)
     * @throws Rejection if the bytes do not decode
     */
    Object source(String topic, Headers headers, byte[] value) throws Rejection;

    /**
     * @param topic   the source topic
     * @param headers the record headers; not modified
     * @param value   the value bytes; not modified
     * @return the checked event and what the value decoded to
     * @throws Rejection if the bytes do not decode or map, or a feature or target is not finite
     */
    Decoded decode(String topic, Headers headers, byte[] value) throws Rejection;

    /** @throws Rejection if the value is a tombstone */
    static void requireValue(byte[] value) throws Rejection {
        if (value == null) {
            throw new Rejection(DeadLetterReason.MALFORMED_BYTES, "the record has no value (tombstone)", null, null);
        }
    }

    /** @return the rejection of a serde failure, with its reason and schema id */
    static Rejection rejection(StreamgradSerializationException e) {
        return new Rejection(e.reason().deadLetterReason(), e.getMessage(), e.schemaId(), null);
    }

    /**
     * @param event    the event; not modified
     * @param schemaId the registry id the value was written with, for the dead letter; null if none or unknown
     * @param maxAbs   the largest magnitude a feature or target value may have ({@code streamgrad.input.max.abs})
     * @throws Rejection if it has no features, or a feature or target value is not finite (NON_FINITE_VALUE) or
     *                   larger in magnitude than maxAbs (VALUE_TOO_LARGE)
     */
    static void check(LabeledEvent event, Integer schemaId, double maxAbs) throws Rejection {
        if (event == null || event.getFeatures() == null) {
            throw new Rejection(DeadLetterReason.INVALID_RECORD, "the value decoded to no event", schemaId, "features");
        }
        List<Double> features = event.getFeatures();
        int bad = DoubleLists.firstOutside(features, maxAbs);   // one pass, unboxed when decoded into a double[]
        if (bad >= 0) {
            throw outside("features[" + bad + "]", features.get(bad), maxAbs, schemaId, "features");
        }
        checkTarget(event.getTarget(), schemaId, maxAbs);
    }

    /**
     * @param t        a target union value (a Double, an Integer, a list of Doubles) or null; not modified
     * @param schemaId the value's registry id for the dead letter, or null
     * @param maxAbs   the largest magnitude a target value may have
     * @throws Rejection NON_FINITE_VALUE or VALUE_TOO_LARGE
     */
    static void checkTarget(Object t, Integer schemaId, double maxAbs) throws Rejection {
        if (t instanceof Double d && !(Math.abs(d) <= maxAbs)) {
            throw outside("target", d, maxAbs, schemaId, "target");
        }
        if (t instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                if (!(v instanceof Double d) || !(Math.abs(d) <= maxAbs)) {
                    throw outside("target[" + i + "]", v, maxAbs, schemaId, "target");
                }
            }
        }
    }

    /** @return the rejection of a value outside [-maxAbs, maxAbs]: NON_FINITE_VALUE, or VALUE_TOO_LARGE if finite */
    private static Rejection outside(String what, Object v, double maxAbs, Integer schemaId, String field) {
        if (!(v instanceof Double d) || !Double.isFinite(d)) {
            return new Rejection(DeadLetterReason.NON_FINITE_VALUE, what + " is " + v, schemaId, field);
        }
        return new Rejection(DeadLetterReason.VALUE_TOO_LARGE, what + " is " + d + ", larger in magnitude than "
                + maxAbs + " (" + dev.streamgrad.topology.StreamgradConfig.INPUT_MAX_ABS_CONFIG + ")", schemaId, field);
    }

    /**
     * @param event the event; not modified
     * @return the features as a new array
     */
    static double[] features(LabeledEvent event) {
        return DoubleLists.toArray(event.getFeatures());
    }
}
