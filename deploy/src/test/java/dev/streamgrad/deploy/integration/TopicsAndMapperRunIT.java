package dev.streamgrad.deploy.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.streamgrad.deploy.broker.EmbeddedKafka;
import dev.streamgrad.deploy.cli.Cli;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker: {@code streamgrad topics} creates what {@code run} needs (the snapshot topic compacted), then
 * {@code run} — the application jar in a child JVM — trains on the user's own JSON records mapped by
 * {@code streamgrad.mapper.*} keys given in the file and in {@code STREAMGRAD_MAPPER_*} variables.
 */
@Tag("integration")
class TopicsAndMapperRunIT {

    @TempDir
    Path dir;

    @Test
    void topicsThenRunWithMapperKeysFromFileAndEnvironment() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Path config = Files.writeString(dir.resolve("app.properties"), String.join("\n",
                    "application.id=streamgrad-mapper-it",
                    "bootstrap.servers=" + kafka.bootstrapServers(),
                    "state.dir=" + dir.resolve("state"),
                    "streamgrad.input.topic=orders",
                    "streamgrad.input.format=json",
                    "streamgrad.mapper.features=a,b",
                    "streamgrad.model.spec=2,1:identity",
                    "streamgrad.http.enabled=false",
                    ""));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Cli.execute(new String[] {"topics", "--config", config.toString(), "--partitions", "2"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String created = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, created + err.toString(StandardCharsets.UTF_8));
            assertTrue(created.contains("created orders (2 partitions)"), created);
            assertTrue(created.contains("created streamgrad-snapshots (2 partitions, {cleanup.policy=compact,"
                    + " max.message.bytes=1048588})"), created);
            Properties client = new Properties();
            client.put("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "streamgrad-snapshots");
                Config c = admin.describeConfigs(List.of(r)).all().get().get(r);
                assertEquals("compact", c.get("cleanup.policy").value());
                assertEquals(5, admin.listTopics().names().get().stream().filter(n -> !n.startsWith("__")).count());
            }
            // a second run leaves them as they are
            out.reset();
            assertEquals(0, Cli.execute(new String[] {"topics", "--config", config.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("exists  streamgrad-snapshots"));

            Properties producer = new Properties();
            producer.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaProducer<String, String> p = new KafkaProducer<>(producer, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 50; i++) {
                    double a = (i % 7) / 7.0;
                    double b = (i % 3) / 3.0;
                    p.send(new ProducerRecord<>("orders", "m1", "{\"a\":" + a + ",\"b\":" + b + ",\"y\":"
                            + (0.5 * a - b) + "}"));
                }
            }
            try (RunningApp app = RunningApp.start(config, Map.of("STREAMGRAD_MAPPER_LABEL", "y",
                    "STREAMGRAD_MAPPER_LABEL_TYPE", "number"), dir)) {
                Properties consumer = new Properties();
                consumer.put("bootstrap.servers", kafka.bootstrapServers());
                consumer.put("group.id", "it-reader");
                int predictions = app.read(consumer, "streamgrad-predictions", Duration.ofSeconds(90),
                        r -> r.size() >= 50).size();
                assertEquals(50, predictions, "one prediction per mapped record\n" + app.output());
                consumer.put("group.id", "it-dead-letters");
                assertEquals(0, app.read(consumer, "streamgrad-dead-letters", Duration.ofSeconds(2), r -> false)
                        .size(), "no record dead-lettered");
                assertTrue(app.stdout().startsWith("streamgrad run: training topology"), app.output());
            }
        }
    }
}
