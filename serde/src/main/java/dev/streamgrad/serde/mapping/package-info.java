/**
 * Mapping of users' own records (Avro {@link org.apache.avro.generic.GenericRecord} or JSON) to training examples
 * {@code (x, y)}, configured by properties ({@link dev.streamgrad.serde.mapping.FeatureMapperConfig}); a record
 * that cannot be mapped gives a {@link dev.streamgrad.serde.mapping.MappingException} naming the field and the
 * problem, for the dead-letter topic.
 */
package dev.streamgrad.serde.mapping;
