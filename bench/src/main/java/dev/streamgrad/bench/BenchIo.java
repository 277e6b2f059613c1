package dev.streamgrad.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** What the broker-based benchmark mains share: the in-process one-node broker and the JSON results file. */
final class BenchIo {
    private BenchIo() {
    }

    /**
     * @return a started one-node (combined broker + controller) in-process cluster with replication factors of 1
     *     and no initial rebalance delay; the caller closes it
     */
    static KafkaClusterTestKit startBroker() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Writes the results as a JSON array, one object per line (the format bench/run.sh's renderer reads).
     *
     * @param outFile the file, or null to write nothing
     * @param objects the results, each one JSON object
     */
    static void writeJson(String outFile, List<String> objects) throws IOException {
        if (outFile == null) {
            return;
        }
        try (PrintStream out = new PrintStream(outFile, StandardCharsets.UTF_8)) {
            out.println("[");
            for (int i = 0; i < objects.size(); i++) {
                out.println("  " + objects.get(i) + (i + 1 < objects.size() ? "," : ""));
            }
            out.println("]");
        }
    }
}
