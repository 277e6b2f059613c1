package dev.streamgrad.topology.integration;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.kernel.KernelFactory;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.state.ModelStateCodec;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.Label;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.topology.StreamgradConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * {@link Workload}'s examples as unlabeled events with ids (topic {@code events}) and their labels (topic
 * {@code labels}), late and out of order: each label comes 30 ms before to 400 ms after its event (so some before
 * their features), and one in 20 twice. Record timestamps are distinct per model and both topics are produced in
 * timestamp order, so a task that reads both of its partitions by timestamp sees one order, computed here: the
 * reference learns each example when the second half of its pair arrives.
 */
final class LateLabelWorkload {
    static final Serde<Label> LABELS = StreamgradSerdes.singleObject(Label.class);

    final Workload work;
    /** Records of both topics, in timestamp order (topic names to be suffixed). */
    final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final Map<String, List<Integer>> learnOrder = new HashMap<>();

    LateLabelWorkload(Workload work, long seed) {
        this.work = work;
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>();
        // Timestamps from now on: the broker's retention and timestamp checks judge them against its clock.
        long base = System.currentTimeMillis();
        int k = 0;
        for (int i = 0; i < work.perModel; i++) {
            for (String m : work.models) {
                double[] e = work.examples.get(m).get(i);
                long ts = base + 10L * k++;
                byte[] key = m.getBytes(StandardCharsets.UTF_8);
                String id = m + "-" + i;
                all.add(new ProducerRecord<>("events", null, ts, key, Workload.EVENTS.serializer().serialize("events",
                        LabeledEvent.newBuilder().setFeatures(List.of(e[0], e[1], e[2], e[3])).setId(id).build())));
                int copies = rnd.nextInt(20) == 0 ? 2 : 1;
                for (int c = 0; c < copies; c++) {
                    long labelTs = ts + 10L * (rnd.nextInt(44) - 3) + 5;   // never equal to an event's timestamp
                    all.add(new ProducerRecord<>("labels", null, labelTs, key, LABELS.serializer().serialize("labels",
                            Label.newBuilder().setEventId(id).setTarget(e[4]).build())));
                }
            }
        }
        all.sort(Comparator.comparingLong(ProducerRecord::timestamp));   // stable: a label's copies keep their order
        records.addAll(all);
        simulate();
    }

    /** The join as the learner runs it, per model, in timestamp order: the order in which examples are learned. */
    private void simulate() {
        Map<String, Set<String>> features = new HashMap<>();
        Map<String, Set<String>> labels = new HashMap<>();
        Set<String> joined = new HashSet<>();
        for (ProducerRecord<byte[], byte[]> r : records) {
            String m = new String(r.key(), StandardCharsets.UTF_8);
            String id = r.topic().equals("events")
                    ? Workload.EVENTS.deserializer().deserialize("events", r.value()).getId().toString()
                    : LABELS.deserializer().deserialize("labels", r.value()).getEventId().toString();
            if (joined.contains(id)) {
                continue;
            }
            Set<String> mine = (r.topic().equals("events") ? features : labels).computeIfAbsent(m, x -> new HashSet<>());
            Set<String> other = (r.topic().equals("events") ? labels : features).computeIfAbsent(m, x -> new HashSet<>());
            if (other.remove(id)) {
                joined.add(id);
                learnOrder.computeIfAbsent(m, x -> new ArrayList<>())
                        .add(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)));
            } else {
                mine.add(id);
            }
        }
    }

    /** @return how many events (predictions) the stream holds */
    int events() {
        return work.perModel * work.models.size();
    }

    /** @return per model, the state bytes after learning its examples once each, in join order */
    Map<String, byte[]> reference() {
        Map<String, byte[]> states = new LinkedHashMap<>();
        for (String m : work.models) {
            Model model = Model.create(new StreamgradConfig(Map.of(StreamgradConfig.MODEL_SPEC_CONFIG,
                    Workload.SPEC)).networkSpec(), KernelFactory.forMode(KernelMode.JAVA));
            List<Integer> order = learnOrder.get(m);
            if (order.size() != work.perModel) {
                throw new IllegalStateException("every example is joined once: " + order.size());
            }
            for (int i : order) {
                double[] e = work.examples.get(m).get(i);
                model.learn(new double[] {e[0], e[1], e[2], e[3]}, new double[] {e[4]}, new double[1]);
            }
            states.put(m, ModelStateCodec.toBytes(model.state()));
        }
        return states;
    }

    /** @return true if the join order differs from the event order for some model (the labels are out of order) */
    boolean outOfOrder() {
        for (List<Integer> order : learnOrder.values()) {
            for (int i = 1; i < order.size(); i++) {
                if (order.get(i) < order.get(i - 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
