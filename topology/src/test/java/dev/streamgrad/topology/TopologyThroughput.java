package dev.streamgrad.topology;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.serde.avro.LabeledEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A rough measurement (not a test, not JMH) of events/s through the whole training topology in TopologyTestDriver
 * (which commits after every record, so every store write reaches the changelog: a worst case for the model
 * store), against the model alone, for several checkpoint intervals K and micro-batch sizes.
 * Run: {@code java -cp <test classpath> dev.streamgrad.topology.TopologyThroughput}.
 */
public final class TopologyThroughput {
    private TopologyThroughput() {
    }

    static String spec(int d, int h, int k) {
        return "{\"input_size\":" + d + ",\"layers\":[{\"size\":" + h + ",\"activation\":\"tanh\"},{\"size\":" + k
                + ",\"activation\":\"" + (k == 1 ? "identity" : "softmax") + "\"}],\"loss\":\""
                + (k == 1 ? "squared_error" : "cross_entropy") + "\",\"optimizer\":{\"type\":\"sgd\","
                + "\"learning_rate\":0.01},\"seed\":1}";
    }

    public static void main(String[] args) {
        run(8, 16, 1, 60_000, new int[] {1, 16, 100, 1000, -1}, new int[] {1, 32});
        run(784, 256, 10, 1_500, new int[] {10, -1}, new int[] {1, 32});
    }

    static void run(int d, int h, int k, int n, int[] ks, int[] batches) {
        String spec = spec(d, h, k);
        SplittableRandom rnd = new SplittableRandom(1);
        List<double[]> xs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = rnd.nextDouble();
            }
            xs.add(x);
        }
        Model model = Model.create(new StreamgradConfig(Map.of(StreamgradConfig.MODEL_SPEC_CONFIG, spec))
                .networkSpec(), KernelFactory.forMode(KernelMode.AUTO));
        double[] y = new double[k];
        for (int rep = 0; rep < 2; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (k == 1) {
                    y[0] = i % 2;
                    model.learn(xs.get(i % xs.size()), y, null);
                } else {
                    model.learn(xs.get(i % xs.size()), i % k, null);
                }
            }
            if (rep == 1) {
                System.out.printf("%d-%d-%d model only, per event: %.0f events/s%n", d, h, k,
                        n / ((System.nanoTime() - t0) / 1e9));
            }
        }
        for (int batch : batches) {
            for (int kk : ks) {
                Map<String, Object> props = Fixture.props("bench", spec);
                props.put(StreamgradConfig.KERNELS_CONFIG, "auto");
                props.put(StreamgradConfig.CHECKPOINT_EVERY_EVENTS_CONFIG, kk);
                props.put(StreamgradConfig.BATCH_SIZE_CONFIG, batch);
                props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, 0L);
                try (Fixture f = new Fixture(props, Fixture.freshDir("bench"))) {
                    List<byte[]> values = new ArrayList<>();
                    for (int i = 0; i < xs.size(); i++) {
                        Object target = k == 1 ? (Object) (double) (i % 2) : (Object) (i % k);
                        LabeledEvent e = Fixture.event(xs.get(i), target, null);
                        values.add(f.bytes(e));
                    }
                    byte[] key = "m".getBytes(StandardCharsets.UTF_8);
                    int warm = n / 5;
                    for (int i = 0; i < warm; i++) {
                        f.input.pipeInput(key, values.get(i % values.size()));
                    }
                    f.predictions.readRecordsToList();
                    double before = f.metric("checkpoints-total", "stream-streamgrad-metrics");
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        f.input.pipeInput(key, values.get(i % values.size()));
                        if (i % 1000 == 999) {
                            f.predictions.readRecordsToList();
                        }
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("%d-%d-%d TopologyTestDriver, batch %d, K %s: %.0f events/s, %.0f checkpoints%n",
                            d, h, k, batch, kk < 0 ? "auto" : String.valueOf(kk), n / s,
                            f.metric("checkpoints-total", "stream-streamgrad-metrics") - before);
                }
                Fixture.deleteTree(java.nio.file.Path.of("target", "state"));
            }
        }
    }
}
