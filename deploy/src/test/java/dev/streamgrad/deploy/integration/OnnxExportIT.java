package dev.streamgrad.deploy.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import dev.streamgrad.deploy.broker.EmbeddedKafka;
import dev.streamgrad.deploy.broker.Topics;
import dev.streamgrad.deploy.cli.Cli;
import dev.streamgrad.deploy.cli.ExitCodes;
import dev.streamgrad.deploy.cli.OnnxFiles;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import dev.streamgrad.topology.SnapshotChunks;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --format onnx} from the snapshot topic of a real broker ({@link EmbeddedKafka}): a 784-256-10 model
 * with Adam state (about 6.5 MB, over Kafka's 1 MB record limit) written as the topology writes it — chunk records
 * of the default size plus a manifest — is reassembled and exported, and ONNX Runtime's output on the file equals
 * {@code Model.predict}.
 */
@Tag("integration")
class OnnxExportIT {

    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(List.of(Topics.compactedSnapshots("snapshots", 1, Topics.DEFAULT_SNAPSHOT_MAX_MESSAGE_BYTES)));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aChunkedSnapshotOnTheTopicIsExportedAsAnOnnxModelThatPredictsLikeTheModel() throws Exception {
        Model model = Model.create(NetworkSpec.builder().layers("784,256:relu,10:softmax").loss("cross_entropy")
                .scaling(true).optimizer(OptimizerSpec.adam(1e-3, 0.9, 0.999, 1e-8)).seed(8).build());
        SplittableRandom rnd = new SplittableRandom(2);
        double[] x = new double[784];
        for (int e = 0; e < 50; e++) {
            for (int j = 0; j < 784; j++) {
                x[j] = rnd.nextDouble() < 0.2 ? rnd.nextDouble() : 0;
            }
            model.learn(x, e % 10, null);
        }
        ModelState state = model.state();
        byte[] encoded;
        try (Serde<WeightSnapshot> serde = StreamgradSerdes.singleObject(WeightSnapshot.class)) {
            encoded = serde.serializer().serialize("snapshots",
                    WeightSnapshots.fromModelState("mnist", Instant.now(), state, Map.of()));
        }
        List<KeyValue<byte[], byte[]>> records = new SnapshotChunks(SnapshotChunks.DEFAULT_CHUNK_BYTES)
                .split("mnist", state.updates(), encoded, 0);
        assertTrue(encoded.length > 1024 * 1024 && records.size() > 2, encoded.length + " bytes in " + records.size()
                + " records: the snapshot must be over 1 MB and chunked");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (KeyValue<byte[], byte[]> kv : records) {   // one partition, in order: chunks, then the manifest
                producer.send(new ProducerRecord<>("snapshots", 0, kv.key, kv.value)).get();
            }
        }

        Path onnx = dir.resolve("mnist.onnx");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(new String[] {"export", "--bootstrap-servers", kafka.bootstrapServers(), "--topic",
            "snapshots", "--model-id", "mnist", "--format", "onnx", "--output", onnx.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCodes.OK, code, err.toString(StandardCharsets.UTF_8));
        assertEquals("exported model 'mnist' version 50 (50 events learned) from topic snapshots to " + onnx
                + " as ONNX (opset 13, float64)\n", out.toString(StandardCharsets.UTF_8));
        OnnxFiles.assertPredictsLike(onnx, state, "mnist", 200);
    }
}
