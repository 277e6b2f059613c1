/**
 * Subject name strategies: under which registry subject a record's schema is registered and looked up. The same
 * three as Confluent's serializers: {@link dev.streamgrad.serde.subject.TopicNameStrategy} (default),
 * {@link dev.streamgrad.serde.subject.RecordNameStrategy}, {@link dev.streamgrad.serde.subject.TopicRecordNameStrategy}.
 */
package dev.streamgrad.serde.subject;
