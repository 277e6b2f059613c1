package dev.streamgrad.bench;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.topology.StreamgradConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serde;

/**
 * The workload shared by {@link PipelineBench} (TopologyTestDriver) and {@link BrokerBench} (a real broker): the
 * model spec of a shape (8-16-1: tanh hidden, identity output, squared error; 784-256-10: tanh hidden, softmax,
 * cross-entropy; plain SGD η = 0.01, seed 1, the topology's default input scaling), 512 seeded random events
 * encoded as the topology reads them (Avro single-object encoding, no registry), and the model-only path over the
 * same events (what the topology does minus Kafka: the figure the whole path is compared to).
 */
final class PipelineWorkload {
    static final int EVENTS = 512;

    final int d;
    final int k;
    final String spec;
    final double[][] x;
    final double[][] y;
    final int[] cls;
    final List<byte[]> values = new ArrayList<>();

    PipelineWorkload(String shape) {
        String[] s = shape.split("-");
        d = Integer.parseInt(s[0]);
        int h = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        spec = "{\"input_size\":" + d + ",\"layers\":[{\"size\":" + h + ",\"activation\":\"tanh\"},{\"size\":" + k
                + ",\"activation\":\"" + (k == 1 ? "identity" : "softmax") + "\"}],\"loss\":\""
                + (k == 1 ? "squared_error" : "cross_entropy") + "\",\"optimizer\":{\"type\":\"sgd\","
                + "\"learning_rate\":0.01},\"seed\":1}";
        SplittableRandom rnd = new SplittableRandom(1);
        Serde<LabeledEvent> serde = StreamgradSerdes.singleObject(LabeledEvent.class);
        x = new double[EVENTS][d];
        y = new double[EVENTS][k];
        cls = new int[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            List<Double> f = new ArrayList<>(d);
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextDouble();
                f.add(x[i][j]);
            }
            Object target;
            if (k == 1) {
                y[i][0] = rnd.nextDouble();
                target = y[i][0];
            } else {
                cls[i] = rnd.nextInt(k);
                y[i][cls[i]] = 1.0;
                target = cls[i];
            }
            values.add(serde.serializer().serialize("in", LabeledEvent.newBuilder().setFeatures(f)
                    .setTarget(target).build()));
        }
    }

    /** @return a model as the topology builds it (same spec, auto kernels) */
    Model model() {
        return Model.create(new StreamgradConfig(Map.of(StreamgradConfig.MODEL_SPEC_CONFIG, spec)).networkSpec(),
                KernelFactory.forMode(KernelMode.AUTO));
    }

    /** Model-only: learns event {@code i} (per event), or adds it to a batch applied every {@code batch} events. */
    static final class ModelOnly {
        private final PipelineWorkload w;
        private final Model model;
        private final int batch;
        private final double[] xs;
        private final double[] ys;
        private final int[] classes;
        private final double[] out;
        private int filled;

        ModelOnly(PipelineWorkload w, int batch) {
            this.w = w;
            this.model = w.model();
            this.batch = batch;
            xs = new double[batch * w.d];
            ys = new double[batch * w.k];
            classes = new int[batch];
            out = new double[batch * w.k];
        }

        double event(int i) {
            int e = i & (EVENTS - 1);
            if (batch == 1) {
                return w.k == 1 ? model.learn(w.x[e], w.y[e], out) : model.learn(w.x[e], w.cls[e], out);
            }
            // as the topology does with micro-batches: predict now, learn when the batch is full
            model.predict(w.x[e], out);
            System.arraycopy(w.x[e], 0, xs, filled * w.d, w.d);
            System.arraycopy(w.y[e], 0, ys, filled * w.k, w.k);
            classes[filled] = w.cls[e];
            if (++filled == batch) {
                filled = 0;
                return w.k == 1 ? model.learnBatch(batch, xs, ys, out) : model.learnBatch(batch, xs, classes, out);
            }
            return out[0];
        }

        /** @return events/s over {@code n} events after {@code n / 2} warm-up events */
        double measure(int n) {
            double sink = 0;
            for (int i = 0; i < n / 2; i++) {
                sink += event(i);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += event(i);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (sink == 42.4242) {
                System.out.print("");
            }
            return n / s;
        }
    }
}
