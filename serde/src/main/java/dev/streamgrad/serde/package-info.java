/**
 * Kafka serdes for streamgrad's Avro records and for users' own Avro records.
 *
 * <p>Two encodings: the Confluent Schema Registry wire format ({@link dev.streamgrad.serde.ConfluentWireFormat},
 * serdes from {@link dev.streamgrad.serde.StreamgradSerdes#specific} and {@link dev.streamgrad.serde.StreamgradSerdes#generic})
 * and, for users without a registry, Avro single-object encoding ({@link dev.streamgrad.serde.StreamgradSerdes#singleObject}).
 * Every failure is a {@link dev.streamgrad.serde.StreamgradSerializationException}, a Kafka
 * {@link org.apache.kafka.common.errors.SerializationException} that names the topic and schema id and carries a
 * machine-readable {@link dev.streamgrad.serde.SerdeErrorReason}.
 */
package dev.streamgrad.serde;
