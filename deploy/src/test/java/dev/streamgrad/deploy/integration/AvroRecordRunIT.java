package dev.streamgrad.deploy.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.deploy.broker.EmbeddedKafka;
import dev.streamgrad.deploy.cli.Cli;
import dev.streamgrad.serde.ConfluentWireFormat;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.testsupport.ApicurioRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker and a real Confluent-API schema registry (Apicurio): {@code run} — the application jar in a child
 * JVM — with {@code streamgrad.input.format=avro_record} trains on a user's own Avro record ({@code Payment}, its
 * schema registered by the project's registry serializer) mapped by {@code streamgrad.mapper.*} keys from the file
 * and from {@code STREAMGRAD_MAPPER_*} variables; a record that does not map is dead-lettered with its writer schema
 * id.
 */
@Tag("integration")
class AvroRecordRunIT {
    private static final Schema PAYMENT = SchemaBuilder.record("Payment").namespace("shop").fields()
            .requiredDouble("amount")
            .name("fee").type().optional().doubleType()          // nullable: a null fee cannot be mapped
            .requiredInt("items")
            .requiredDouble("risk")                              // the label
            .endRecord();
    private static final int GOOD = 40;
    /** The record key: the model id (one model). */
    private static final byte[] MERCHANT = "merchant-1".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static GenericRecord payment(int i, Double fee) {
        GenericRecord r = new GenericData.Record(PAYMENT);
        r.put("amount", (i % 9) / 9.0);
        r.put("fee", fee);
        r.put("items", i % 4);
        r.put("risk", 0.3 * (i % 9) / 9.0 - 0.1 * (i % 4));
        return r;
    }

    @Test
    void runMapsUsersAvroRecordsAndDeadLettersAnUnmappableOneWithItsSchemaId() throws Exception {
        // the registry (a Quarkus app, the slower of the two) starts while the broker does
        CompletableFuture<ApicurioRegistry> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return ApicurioRegistry.start();
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        try (AutoCloseable stopRegistry = () -> starting.join().close(); EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ApicurioRegistry registry = starting.join();
            Path config = Files.writeString(dir.resolve("app.properties"), String.join("\n",
                    "application.id=streamgrad-avro-record-it",
                    "bootstrap.servers=" + kafka.bootstrapServers(),
                    "schema.registry.url=" + registry.url(),
                    "state.dir=" + dir.resolve("state"),
                    "streamgrad.input.topic=payments",
                    "streamgrad.input.format=avro_record",
                    "streamgrad.mapper.features=amount,fee,items",
                    "streamgrad.model.spec=3,1:identity",
                    "streamgrad.http.enabled=false",
                    ""));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, Cli.execute(new String[] {"topics", "--config", config.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8)), out.toString(StandardCharsets.UTF_8));

            Map<String, Object> serdeConfig = Map.of("schema.registry.url", registry.url());
            Serializer<GenericRecord> payments = StreamgradSerdes.generic(serdeConfig, false).serializer();
            Properties client = new Properties();
            client.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(client, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < GOOD; i++) {
                    byte[] value = payments.serialize("payments", payment(i, 0.01 * i));
                    p.send(new ProducerRecord<>("payments", MERCHANT, value));
                }
            }

            try (RunningApp app = RunningApp.start(config, Map.of("STREAMGRAD_MAPPER_LABEL", "risk",
                    "STREAMGRAD_MAPPER_MISSING_POLICY", "fail"), dir)) {
                client.put("group.id", "it-predictions");
                List<ConsumerRecord<byte[], byte[]>> predictions = app.read(client, "streamgrad-predictions",
                        Duration.ofSeconds(60), r -> r.size() >= GOOD);
                assertEquals(GOOD, predictions.size(), "one prediction per Payment\n" + app.output());
                Deserializer<Prediction> readPrediction = StreamgradSerdes.specific(Prediction.class, serdeConfig,
                        false).deserializer();
                Prediction last = readPrediction.deserialize("streamgrad-predictions",
                        predictions.get(GOOD - 1).value());
                assertEquals(GOOD - 1, last.getModelVersion(), "every Payment was learned from (it has a label)");

                client.put("group.id", "it-dead-letters-before");
                assertEquals(0, app.read(client, "streamgrad-dead-letters", Duration.ofSeconds(2), r -> false)
                        .size(), "no Payment dead-lettered");

                byte[] noFee = payments.serialize("payments", payment(GOOD, null));
                try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(client, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    p.send(new ProducerRecord<>("payments", MERCHANT, noFee));
                }
                client.put("group.id", "it-dead-letters-after");
                List<ConsumerRecord<byte[], byte[]>> dead = app.read(client, "streamgrad-dead-letters",
                        Duration.ofSeconds(30), r -> !r.isEmpty());
                assertEquals(1, dead.size(), app.output());
                DeadLetter dl = StreamgradSerdes.specific(DeadLetter.class, serdeConfig, false).deserializer()
                        .deserialize("streamgrad-dead-letters", dead.get(0).value());
                assertEquals(DeadLetterReason.MAPPING_FAILED, dl.getReason(), dl.toString());
                assertEquals("fee", dl.getField(), dl.toString());
                assertEquals(ConfluentWireFormat.readSchemaId(noFee), dl.getSchemaId(), "the writer schema id");
                assertEquals(ConfluentWireFormat.readSchemaId(payments.serialize("payments", payment(0, 0.0))),
                        dl.getSchemaId(), "the Payments' one registered schema");
                assertTrue(app.stdout().startsWith("streamgrad run: training topology"), app.output());
            }
        }
    }
}
