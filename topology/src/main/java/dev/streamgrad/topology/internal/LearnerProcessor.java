package dev.streamgrad.topology.internal;

import dev.streamgrad.topology.LearnerOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The online learner. Per record, in order: read it (decode, model id, check against the spec: a bad record is
 * dead-lettered before any model exists), find its model (in memory, or restored from the store, or new), predict
 * before learning, learn from it if it is labeled (per event, or into the micro-batch), forward the prediction, report
 * the drifts the model's detector signalled, and emit a snapshot when one is due. The parts: {@link RecordReader},
 * {@link ModelLookup} ({@link ModelCache} + {@link ModelLoader}), {@link Trainer}, {@link Journal}, {@link Outputs}
 * and {@link UpdateOutputs}.
 *
 * <p>Input: key = model id (UTF-8), value = the input format's bytes (kept for dead letters). With late labels on,
 * records marked as labels go to {@link LabelJoin}, which also holds the features of events with an id and no target.
 */
final class LearnerProcessor implements Processor<byte[], byte[], byte[], LearnerOutput> {
    private final LearnerSettings settings;
    private final ModelFactory factory;
    private final RecordReader reader;
    private final Function<ProcessorContext<?, ?>, SnapshotLookup> warmStart;
    private final LabelSettings labelSettings;
    private final LabelReader labelReader;
    /** The late-label join, or null if late labels are off. */
    private LabelJoin labels;
    private ProcessorContext<byte[], LearnerOutput> context;
    private LearnerSensors sensors;
    private Journal journal;
    private Trainer trainer;
    private ModelCache models;
    private ModelLookup lookup;
    private Outputs outputs;
    private UpdateOutputs updateOutputs;
    private final List<Trainer.Refused> refused = new ArrayList<>();
    /** The largest record timestamp seen (the micro-batch age is decided in stream time). */
    private long streamTime = Long.MIN_VALUE;
    /** The input topic of the last record (for dead letters of refused micro-batch events). */
    private String topic;
    /** The replicated mode's settings, or null. */
    private final SyncSettings sync;
    /** This task's replica and its rounds (replicated mode), or null. */
    private SyncRounds rounds;

    /**
     * @param settings  the learner's settings
     * @param factory   makes and restores models
     * @param reader    reads input records
     * @param warmStart the warm-start snapshots of a task's context, or a function giving null
     */
    LearnerProcessor(LearnerSettings settings, ModelFactory factory, RecordReader reader,
                     Function<ProcessorContext<?, ?>, SnapshotLookup> warmStart) {
        this(settings, factory, reader, warmStart, null, null, null);
    }

    /**
     * @param labelSettings the late-label join's settings, or null if late labels are off
     * @param labelReader   reads label records, or null if late labels are off
     * @param sync          the replicated mode's settings ({@link SyncRounds}), or null (never with late labels:
     *                      {@code StreamgradConfig} refuses the two together)
     */
    LearnerProcessor(LearnerSettings settings, ModelFactory factory, RecordReader reader,
                     Function<ProcessorContext<?, ?>, SnapshotLookup> warmStart, LabelSettings labelSettings,
                     LabelReader labelReader, SyncSettings sync) {
        this.sync = sync;
        this.settings = settings;
        this.factory = factory;
        this.reader = reader;
        this.warmStart = warmStart;
        this.labelSettings = labelSettings;
        this.labelReader = labelReader;
    }

    @Override
    public void init(ProcessorContext<byte[], LearnerOutput> context) {
        this.context = context;
        ModelStateStore modelStore = context.getStateStore(settings.storeName());
        sensors = new LearnerSensors(context, settings.storeName());
        journal = new Journal(new ModelStore(modelStore.kv(), settings.chunkBytes()), settings.checkpointEveryEvents(),
                sensors);
        modelStore.beforeCommit(() -> {
            persist();
            if (labels != null) {
                labels.flushSensors();
            }
            sensors.flushCounts();
        });
        trainer = new Trainer(settings.batchSize(), settings.batchMaxAgeMs(), journal, sensors);
        models = new ModelCache(settings.cacheMaxModels(), settings.cacheMaxBytes(), factory.stateBytes(), live -> {
            journal.persist(live);   // written before it is dropped: it reloads exactly as it is
            sensors.evicted();
        });
        sensors.cachedModels(models::size);
        ModelLoader loader = new ModelLoader(factory, journal, trainer, warmStart.apply(context),
                settings.metricsWindow());
        outputs = new Outputs(context, new DeadLetters(settings.deadLetterMaxBytes()));
        updateOutputs = new UpdateOutputs(trainer, outputs, sensors, settings.snapshotEveryUpdates(),
                context::currentSystemTimeMs);
        if (labelSettings != null) {
            labels = new LabelJoin(labelSettings, new HeldItems(modelStore.kv()), outputs);
            labels.sensors(sensors);
            labels.restore();
        }
        new LearnerPunctuators(settings, models, journal, sensors, outputs, this::applyOldBatches).schedule(context);
        if (sync != null) {
            topic = sync.inputTopic();
            rounds = new SyncRounds(sync, context, new ReplicaStore(modelStore.kv()), new SyncRounds.Host() {
                @Override
                public void learnHeld(LiveModel live, WalEntry e) {
                    LearnerProcessor.this.learnHeld(live, e);
                }

                @Override
                public void adopted(LiveModel live) {
                    journal.requestCheckpoint(live);   // the adopted θ is in no log entry: the checkpoint holds it
                    if (rounds.snapshots()) {
                        outputs.snapshot(live, context.currentSystemTimeMs());
                        sensors.snapshot();
                    }
                }
            });
        }
        lookup = new ModelLookup(models, loader, labels, rounds, outputs, sensors, context::currentSystemTimeMs);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceHeaders origin = SourceHeaders.of(record.headers(), context.recordMetadata().orElse(null));
        if (labels != null) {
            labels.advance(record.timestamp());   // expiry, in stream time
            if (LabelJoin.isLabel(record)) {
                streamTime = Math.max(streamTime, record.timestamp());
                label(record, origin);
                return;
            }
        }
        if (rounds != null) {
            rounds.seen(record.timestamp());
            if (rounds.isSync(origin.topic())) {
                sync(record, origin);
                return;
            }
        }
        sensors.event();
        streamTime = Math.max(streamTime, record.timestamp());
        topic = origin.topic();
        LiveModel live = null;
        try {
            RecordReader.Inbound in = reader.read(record, origin);
            live = lookup.model(in.modelId());
            live.metrics.event();
            ExampleReader.checkFeatures(live.model, in.x());   // a warm-start snapshot may have another spec
            trainer.applyIfOld(live, streamTime, refused);
            long version = live.model.updates();
            double[] out = new double[live.model.outputSize()];
            Double loss = null;
            WalEntry example = in.example();
            boolean predicted = false;
            if (example == null && labels != null && in.event().getId() != null) {
                example = labels.features(live, in, origin, record.timestamp(), out);   // held, or its label waited
                predicted = example == null;
            }
            if (example == null || alreadyLearned(live, example)) {
                if (!predicted) {
                    live.model.predict(in.x(), out);
                }
            } else if (rounds != null && rounds.holding(live)) {
                live.model.predict(in.x(), out);   // with the model it published; learned once the average is in
                rounds.hold(example);
            } else {
                loss = trainer.learn(live, example, record, out, refused);
            }
            if (loss != null) {
                trainer.measured(live, example, loss, out);
            }
            outputs.prediction(record, live.id, version, out, live.model.predictedClass(out), loss,
                    in.event());
        } catch (Rejection r) {
            reject(record, origin, r, live);
        }
        if (live != null) {
            afterUpdate(live);
        }
    }

    /**
     * A late label: joined with its held features, the model learns them, scored with the prediction made when the
     * features arrived; else it waits ({@link LabelJoin}). A bad label is dead-lettered.
     */
    private void label(Record<byte[], byte[]> record, SourceHeaders origin) {
        LiveModel live = null;
        try {
            LabelReader.Inbound in = labelReader.read(record, origin);
            LabelJoin.Joined joined = labels.label(in, origin, record.timestamp());
            if (joined == null) {
                return;
            }
            live = lookup.model(in.modelId());
            if (!alreadyLearned(live, joined.entry())) {
                trainer.learn(live, joined.entry(), record, new double[live.model.outputSize()], refused);
                labels.measured(live, joined, sensors);
            }
        } catch (Rejection r) {
            reject(record, origin, r, live);
        }
        if (live != null) {
            afterUpdate(live);
        }
    }

    /** @return true if the event's source offset was learned before (at-least-once redelivery after a restart) */
    private static boolean alreadyLearned(LiveModel live, WalEntry e) {
        Long last = live.log.lastOffsets.get(e.partition());
        return last != null && e.offset() >= 0 && e.offset() <= last;
    }

    /** The outputs that follow an update ({@link UpdateOutputs}), then the replica's round if one is due. */
    private void afterUpdate(LiveModel live) {
        updateOutputs.emit(live, topic, refused);
        if (rounds != null) {
            rounds.afterUpdate(live);
        }
    }

    /** Replicated mode: a record of the sync topic; a bad one is dead-lettered. */
    private void sync(Record<byte[], byte[]> record, SourceHeaders origin) {
        try {
            rounds.onSync(record, () -> lookup.model(sync.modelId()));
        } catch (Rejection r) {
            reject(record, origin, r, null);
        }
    }

    /** Replicated mode: learns an event held during a round (its prediction was forwarded when it arrived). */
    private void learnHeld(LiveModel live, WalEntry e) {
        double[] out = new double[live.model.outputSize()];
        try {
            Double loss = trainer.learn(live, e, null, out, refused);
            if (loss != null) {
                trainer.measured(live, e, loss, out);
            }
        } catch (Rejection r) {
            refused.add(new Trainer.Refused(e, null, r));
        }
        afterUpdate(live);
    }

    private void applyOldBatches(long streamTimeNow) {
        streamTime = Math.max(streamTime, streamTimeNow);
        for (LiveModel live : models.all()) {
            trainer.applyIfOld(live, streamTime, refused);
            afterUpdate(live);
        }
    }

    private void reject(Record<byte[], byte[]> record, SourceHeaders origin, Rejection r, LiveModel live) {
        sensors.rejected();
        String id = live != null ? null : reader.modelIdOrNull(record.key());
        LiveModel owner = live != null ? live : id == null ? null : models.get(id);
        if (owner != null) {
            owner.metrics.rejected();
        }
        outputs.deadLetter(record, origin, r);
    }

    /** Writes the models' logs and checkpoints, then the held label items and the replica's round state. */
    private void persist() {
        journal.persistAll();
        if (labels != null) {
            labels.persist();   // after the models' logs: see LabelJoin
        }
        if (rounds != null) {
            rounds.persist();
        }
    }

    @Override
    public void close() {
        try {
            // Kafka Streams 4.3.1 commits a task before it suspends or closes it cleanly (TaskManager.handleRevocation
            // commits the revoked tasks, then suspends them; shutdown likewise), and the commit hook wrote the models
            // then, so this normally finds nothing new. It stays so that a close with no commit before it still
            // leaves the store as complete as the models are (ReplicatedIT's rebalance test passes without it).
            if (journal != null) {
                persist();
            }
        } catch (RuntimeException e) {
            // A dirty close: the store may be unusable. Nothing committed is lost: the store holds it.
            org.slf4j.LoggerFactory.getLogger(LearnerProcessor.class).warn("could not write the models at close: {}",
                    e.toString());
        } finally {
            if (journal != null) {
                journal.clear();
            }
            if (models != null) {
                models.clear();
            }
            if (sensors != null) {
                sensors.close();
            }
            if (rounds != null) {
                rounds.close();
            }
        }
    }
}
