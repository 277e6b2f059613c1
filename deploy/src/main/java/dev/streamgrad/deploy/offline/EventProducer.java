package dev.streamgrad.deploy.offline;

import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.streamgrad.deploy.data.ExampleSource;
import dev.streamgrad.deploy.data.LabeledExample;
import dev.streamgrad.serde.DoubleLists;
import dev.streamgrad.serde.avro.LabeledEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes examples to a topic as {@link LabeledEvent}s, keyed by a model id (a UTF-8 string), optionally
 * throttled to a rate. The target is the label as a double, or as an int class index when asked (what the
 * topology gives a classifier); the event id is the example's 0-based number.
 */
public final class EventProducer {

    /**
     * @param events events written (and acknowledged)
     * @param nanos time taken, from the first send to the last acknowledgement
     */
    public record Result(long events, long nanos) {
        /** @return events per second, or 0 for no events */
        public double rate() {
            return nanos == 0 ? 0 : events * 1e9 / nanos;
        }
    }

    private final Properties producerProperties;
    private final Serializer<LabeledEvent> valueSerializer;

    /**
     * @param producerProperties producer properties ({@code bootstrap.servers} at least); not modified
     * @param valueSerializer the value serializer (registry or single-object); not closed
     */
    public EventProducer(Properties producerProperties, Serializer<LabeledEvent> valueSerializer) {
        this.producerProperties = (Properties) producerProperties.clone();
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    }

    /**
     * @param label an example's label; not NaN when {@code classLabels}
     * @param classLabels whether to write an int class index
     * @return the event
     * @throws IllegalArgumentException if a class label is not an integer at least 0
     */
    public static LabeledEvent toEvent(LabeledExample example, long number, boolean classLabels) {
        double label = example.label();
        Object target = label;
        if (classLabels) {
            if (label != Math.rint(label) || label < 0 || label > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("example " + (number + 1) + " has label " + label
                        + ", not a class index (an integer at least 0)");
            }
            target = (int) label;
        }
        return LabeledEvent.newBuilder()
                .setFeatures(DoubleLists.of(example.features()))   // written unboxed by the serde
                .setTarget(target)
                .setId(Long.toString(number))
                .build();
    }

    /**
     * Sends up to {@code maxEvents} examples (or all of a finite source) and waits until all are acknowledged.
     *
     * @param source the examples; read, not closed
     * @param topic the topic
     * @param key the record key (the model id)
     * @param maxEvents at most this many events; {@code Long.MAX_VALUE} for the whole source
     * @param eventsPerSecond throttle; 0 for as fast as possible
     * @param classLabels write int class indexes instead of double labels
     * @return how many and how long
     * @throws IllegalStateException if the broker refuses a record or does not acknowledge within
     *     {@code delivery.timeout.ms}
     */
    public Result send(ExampleSource source, String topic, String key, long maxEvents, double eventsPerSecond,
                       boolean classLabels) {
        Properties p = (Properties) producerProperties.clone();
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "streamgrad-produce");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        long start = System.nanoTime();
        long n = 0;
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<String, LabeledEvent> producer = new KafkaProducer<>(p, new StringSerializer(),
                valueSerializer)) {
            while (n < maxEvents && source.hasNext()) {
                if (eventsPerSecond > 0) {
                    long due = start + (long) (n * 1e9 / eventsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                producer.send(new ProducerRecord<>(topic, key, toEvent(source.next(), n, classLabels)),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
                n++;
            }
            producer.flush();       // returns when every send has completed, with or without error
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted after " + n + " events", e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the broker did not take every event: " + failure.get().getMessage(),
                    failure.get());
        }
        return new Result(n, System.nanoTime() - start);
    }
}
