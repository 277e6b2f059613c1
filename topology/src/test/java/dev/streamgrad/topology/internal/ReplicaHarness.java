package dev.streamgrad.topology.internal;

import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.kernel.KernelMode;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.topology.LearnerOutput;
import dev.streamgrad.topology.StreamgradConfig;
import java.io.File;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * R learner processors in replicated mode, each with Kafka's MockProcessorContext (task 0_p) and an in-memory model
 * store, and the sync topic as R queues: what a replica forwards as {@link LearnerOutput.Synced} is appended to the
 * queue of the partition its key names, and delivered when the test says so. So a test chooses the interleaving of
 * input and sync records that thread timing would choose on a broker.
 */
final class ReplicaHarness {
    static final NetworkSpec SPEC = NetworkSpec.fromJson("{\"input_size\":2,\"layers\":[{\"size\":4,"
            + "\"activation\":\"tanh\"},{\"size\":1,\"activation\":\"identity\"}],\"loss\":\"squared_error\","
            + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.1},\"seed\":5}");
    static final String SYNC = "sync";
    static final String INPUT = "in";
    static final String MODEL = "one";
    private static final Serde<LabeledEvent> EVENTS = StreamgradSerdes.singleObject(LabeledEvent.class);

    final int replicas;
    final ModelFactory factory;
    private final List<MockProcessorContext<byte[], LearnerOutput>> contexts = new ArrayList<>();
    private final List<ModelStateStore> stores = new ArrayList<>();
    private final List<LearnerProcessor> processors = new ArrayList<>();
    private final List<ArrayDeque<Record<byte[], byte[]>>> syncQueues = new ArrayList<>();
    private final long[] inputOffsets;
    private final long[] syncOffsets;
    /** Every non-sync output of each replica, in order. */
    final List<List<LearnerOutput>> outputs = new ArrayList<>();
    /** Every sync message record sent to each partition (for inspection), in order. */
    final List<List<Record<byte[], byte[]>>> sent = new ArrayList<>();
    private final SyncSettings sync;
    private final LearnerSettings settings;

    ReplicaHarness(int replicas, long every, long maxHeldBytes, int chunkBytes, int batchSize, File stateDir) {
        this(SPEC, replicas, every, maxHeldBytes, chunkBytes, batchSize, stateDir);
    }

    ReplicaHarness(NetworkSpec spec, int replicas, long every, long maxHeldBytes, int chunkBytes, int batchSize,
                   File stateDir) {
        this(spec, replicas, every, maxHeldBytes, chunkBytes, batchSize, 0, stateDir);
    }

    /** @return a harness of pipelined rounds ({@code streamgrad.sync.staleness=1}) */
    static ReplicaHarness pipelined(int replicas, long every, int chunkBytes, int batchSize, File stateDir) {
        return new ReplicaHarness(SPEC, replicas, every, 1 << 20, chunkBytes, batchSize, 1, stateDir);
    }

    ReplicaHarness(NetworkSpec spec, int replicas, long every, long maxHeldBytes, int chunkBytes, int batchSize,
                   int staleness, File stateDir) {
        this.factory = new ModelFactory(spec, KernelMode.JAVA, null, classifier -> null);
        this.replicas = replicas;
        this.inputOffsets = new long[replicas];
        this.syncOffsets = new long[replicas];
        sync = new SyncSettings(SYNC, INPUT, MODEL, replicas, every, maxHeldBytes, chunkBytes, staleness);
        settings = new LearnerSettings("models", null, batchSize, 0, 0, 0, 0, 10, -1, 0,
                ModelStore.DEFAULT_CHUNK_BYTES, 10, Long.MAX_VALUE, 1000);
        for (int p = 0; p < replicas; p++) {
            MockProcessorContext<byte[], LearnerOutput> c = new MockProcessorContext<>(new Properties(),
                    new TaskId(0, p), new File(stateDir, "task-" + p));
            c.setCurrentSystemTimeMs(1_000L);
            c.setCurrentStreamTimeMs(0L);
            ModelStateStore store = new ModelStoreBuilder(Stores.inMemoryKeyValueStore("models"))
                    .withLoggingDisabled().build();
            store.init(c.getStateStoreContext(), store);
            c.addStateStore(store);
            contexts.add(c);
            stores.add(store);
            processors.add(null);
            syncQueues.add(new ArrayDeque<>());
            outputs.add(new ArrayList<>());
            sent.add(new ArrayList<>());
            start(p);
        }
    }

    /** (Re)starts replica p's processor on its store, as after a restart. */
    void start(int p) {
        LearnerProcessor lp = new LearnerProcessor(settings, factory, new RecordReader(new LabeledEventDecoder(
                EVENTS.deserializer(), StreamgradConfig.DEFAULT_INPUT_MAX_ABS), new ExampleReader(factory.create()),
                MODEL), c -> null, null, null, sync);
        lp.init(contexts.get(p));
        processors.set(p, lp);
    }

    /** Closes replica p's processor (writing what it holds, as at a clean close). */
    void close(int p) {
        processors.get(p).close();
    }

    static byte[] event(double[] x, Double y) {
        return EVENTS.serializer().serialize(INPUT, LabeledEvent.newBuilder().setFeatures(List.of(x[0], x[1]))
                .setTarget(y).build());
    }

    /** Replica p reads an input record. */
    void input(int p, double[] x, Double y) {
        input(p, event(x, y));
    }

    /** Replica p reads an input record of a classifier's event (target = class index). */
    void inputClass(int p, double[] x, int cls) {
        input(p, EVENTS.serializer().serialize(INPUT, LabeledEvent.newBuilder().setFeatures(List.of(x[0], x[1]))
                .setTarget(cls).build()));
    }

    private void input(int p, byte[] value) {
        MockProcessorContext<byte[], LearnerOutput> c = contexts.get(p);
        long offset = inputOffsets[p]++;
        c.setRecordMetadata(INPUT, p, offset);
        processors.get(p).process(new Record<>(null, value, offset));
        collect(p);
    }

    /** Replica p reads a record of its sync partition (one the replicas sent, or a forged one). */
    void syncRecord(int p, byte[] key, byte[] value) {
        MockProcessorContext<byte[], LearnerOutput> c = contexts.get(p);
        c.setRecordMetadata(SYNC, p, syncOffsets[p]++);
        processors.get(p).process(new Record<>(key, value, 0L));
        collect(p);
    }

    /** @return true if a sync record was waiting for replica p (it is delivered) */
    boolean deliverOne(int p) {
        Record<byte[], byte[]> r = syncQueues.get(p).poll();
        if (r == null) {
            return false;
        }
        syncRecord(p, r.key(), r.value());
        return true;
    }

    /** Delivers sync records, round robin over the partitions, until none is waiting. */
    void deliverAll() {
        boolean any = true;
        while (any) {
            any = false;
            for (int p = 0; p < replicas; p++) {
                any |= deliverOne(p);
            }
        }
    }

    int waiting(int p) {
        return syncQueues.get(p).size();
    }

    /** What the task does at a commit, before the offsets. */
    void commit(int p) {
        stores.get(p).flushCache();
    }

    /** @return replica p's model as its last checkpoint holds it, after a commit */
    ModelState checkpointed(int p) {
        commit(p);
        return StoredModels.lastCheckpoint(stores.get(p), MODEL);
    }

    ModelStateStore store(int p) {
        return stores.get(p);
    }

    private void collect(int p) {
        MockProcessorContext<byte[], LearnerOutput> c = contexts.get(p);
        c.forwarded().forEach(f -> {
            Record<? extends byte[], ? extends LearnerOutput> r = f.record();
            if (r.value() instanceof LearnerOutput.Synced s) {
                int to = SyncRecords.partitioner().partitions(SYNC, r.key(), null, replicas).orElseThrow().iterator()
                        .next();
                Record<byte[], byte[]> bytes = new Record<>(r.key(), s.value(), r.timestamp());
                syncQueues.get(to).add(bytes);
                sent.get(to).add(bytes);
            } else {
                outputs.get(p).add(r.value());
            }
        });
        c.resetForwards();
    }
}
