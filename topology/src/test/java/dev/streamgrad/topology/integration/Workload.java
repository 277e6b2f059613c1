package dev.streamgrad.topology.integration;

import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.state.ModelStateCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * A fixed stream of labeled events for several models (single-object Avro encoding, no registry), interleaved,
 * and the weights the model reaches on each model's events alone: the reference for bit-exact comparisons.
 */
final class Workload {
    static final String SPEC = "{\"input_size\":4,\"layers\":[{\"size\":16,\"activation\":\"tanh\"},"
            + "{\"size\":1,\"activation\":\"identity\"}],\"loss\":\"squared_error\","
            + "\"optimizer\":{\"type\":\"adam\",\"learning_rate\":0.005},\"seed\":11}";
    static final Serde<LabeledEvent> EVENTS = StreamgradSerdes.singleObject(LabeledEvent.class);

    final List<String> models;
    final int perModel;
    final Map<String, List<double[]>> examples = new HashMap<>();
    /** Records in production order (topic to be replaced). */
    final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();

    Workload(List<String> models, int perModel, long seed) {
        this.models = models;
        this.perModel = perModel;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < perModel; i++) {
            for (String m : models) {
                double[] x = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
                double y = Math.sin(3 * x[0]) + x[1] * x[2] - x[3] + models.indexOf(m);
                examples.computeIfAbsent(m, k -> new ArrayList<>())
                        .add(new double[] {x[0], x[1], x[2], x[3], y});
                records.add(new ProducerRecord<>("events", m.getBytes(StandardCharsets.UTF_8),
                        EVENTS.serializer().serialize("events", LabeledEvent.newBuilder()
                                .setFeatures(List.of(x[0], x[1], x[2], x[3])).setTarget(y).build())));
            }
        }
    }

    int total() {
        return records.size();
    }

    /** @return per model, the state bytes after learning its events in order, once, in batches of m */
    Map<String, byte[]> reference(int batchSize) {
        Map<String, byte[]> states = new HashMap<>();
        for (String m : models) {
            Model model = Model.create(new StreamgradConfig(Map.of(StreamgradConfig.MODEL_SPEC_CONFIG, SPEC))
                    .networkSpec(), KernelFactory.forMode(KernelMode.JAVA));
            List<double[]> all = examples.get(m);
            for (int i = 0; i < all.size(); i += batchSize) {
                double[] xs = new double[batchSize * 4];
                double[] ys = new double[batchSize];
                for (int r = 0; r < batchSize; r++) {
                    System.arraycopy(all.get(i + r), 0, xs, 4 * r, 4);
                    ys[r] = all.get(i + r)[4];
                }
                if (batchSize == 1) {
                    model.learn(xs, ys, new double[1]);
                } else {
                    model.learnBatch(batchSize, xs, ys, new double[batchSize]);
                }
            }
            states.put(m, ModelStateCodec.toBytes(model.state()));
        }
        return states;
    }
}
