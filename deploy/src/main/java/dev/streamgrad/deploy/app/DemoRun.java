package dev.streamgrad.deploy.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import dev.streamgrad.deploy.broker.DirectoryDeleter;
import dev.streamgrad.deploy.broker.EmbeddedKafka;
import dev.streamgrad.deploy.broker.Topics;
import dev.streamgrad.deploy.data.ExampleSource;
import dev.streamgrad.deploy.data.LabeledExample;
import dev.streamgrad.deploy.lifecycle.GracefulShutdown;
import dev.streamgrad.deploy.offline.EventProducer;
import dev.streamgrad.deploy.offline.SnapshotFiles;
import dev.streamgrad.deploy.report.DriftMark;
import dev.streamgrad.deploy.report.LearningCurvePlot;
import dev.streamgrad.deploy.report.Point;
import dev.streamgrad.deploy.report.PrequentialWindow;
import dev.streamgrad.deploy.report.ProgressLine;
import dev.streamgrad.deploy.report.DemoThroughput;
import dev.streamgrad.deploy.report.ProgressStats;
import dev.streamgrad.deploy.report.SummaryTable;
import dev.streamgrad.serde.avro.DriftEvent;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.LatestSnapshots;
import dev.streamgrad.topology.StreamgradConfig;
import dev.streamgrad.topology.StreamgradLearner;
import dev.streamgrad.topology.StreamgradTopology;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * What {@code streamgrad demo} does once its arguments and configuration are checked: an embedded broker, the
 * topics, the learning topology in {@link KafkaStreams}, a producer thread writing the examples, and the main
 * thread reading the predictions (progress line, prequential learning curve) and the snapshots; at the end the
 * summary table, the PNG and the final weights as a snapshot file. Everything it starts it stops, on success,
 * failure or Ctrl-C ({@link GracefulShutdown}), and the temporary directories are deleted.
 */
public final class DemoRun {

    /** The model id (record key) of the demo's events. */
    public static final String MODEL_ID = "default";
    /** The reader's fetch limits: large enough for a snapshot record of a topic with a raised limit. */
    private static final int FETCH_BYTES = 64 * 1024 * 1024;
    /**
     * How far the producer may run ahead of the predictions read. Not a pace: it bounds the labels held in memory
     * for the accuracy (about 130 bytes each). The learner then has this many events waiting, so it never waits
     * for the producer; the default demo (20,000 events) never reaches it.
     */
    static final long MAX_AHEAD = 100_000;
    /** Longest wait for the snapshot of the final weights after the last prediction. */
    static final Duration FINAL_SNAPSHOT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * What to run.
     *
     * @param props the topology's and Kafka Streams' configuration without {@code bootstrap.servers} and
     *     {@code state.dir} (the run sets them)
     * @param source opens the examples
     * @param events stop after this many predictions (fewer if the source ends first)
     * @param classLabels write class indexes (a {@code cross_entropy} model) instead of double labels
     * @param plot where the learning curve goes
     * @param snapshotFile where the final weights go
     */
    public record Settings(Map<String, Object> props, SourceOpener source, long events, boolean classLabels,
                           Path plot, Path snapshotFile) {
        public Settings {
            props = Map.copyOf(props);
            Objects.requireNonNull(source, "source");
        }
    }

    /** Opens a fresh source of examples. */
    @FunctionalInterface
    public interface SourceOpener {
        /**
         * @return the source; the caller closes it
         * @throws IOException if it cannot be opened
         */
        ExampleSource open() throws IOException;
    }

    private final Settings settings;
    private final PrintWriter out;
    private final GracefulShutdown shutdown;

    /**
     * @param settings what to run
     * @param out where the progress, the summary and the result lines go
     * @param shutdown polled for Ctrl-C; {@link GracefulShutdown#done()} is the caller's
     */
    public DemoRun(Settings settings, PrintWriter out, GracefulShutdown shutdown) {
        this.settings = settings;
        this.out = out;
        this.shutdown = shutdown;
    }

    /**
     * Runs the demo to its end (or Ctrl-C).
     *
     * @throws IOException if a file cannot be written or read
     * @throws IllegalStateException on a run-time failure (the message says what)
     */
    public void run() throws IOException {
        StreamgradLearner learner = StreamgradLearner.create(settings.props());
        StreamgradConfig config = learner.config();
        Path work = Files.createTempDirectory("streamgrad-demo-");
        EmbeddedKafka kafka = null;
        KafkaStreams streams = null;
        Thread producerThread = null;
        ConcurrentHashMap<String, Double> labels = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<EventProducer.Result> produced = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong runningAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong heldNanos = new java.util.concurrent.atomic.AtomicLong();
        try {
            kafka = EmbeddedKafka.start();
            kafka.createTopics(List.of(
                    Topics.plain(config.inputTopic(), 1),
                    Topics.plain(config.predictionsTopic(), 1),
                    Topics.compactedSnapshots(config.snapshotsTopic(), 1, Topics.DEFAULT_SNAPSHOT_MAX_MESSAGE_BYTES),
                    Topics.plain(config.metricsTopic(), 1),
                    Topics.plain(config.deadLetterTopic(), 1),
                    Topics.plain(config.driftTopic(), 1)));
            Map<String, Object> props = new java.util.HashMap<>(settings.props());
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
            Properties streamsProps = StreamgradTopology.streamsProperties(props);
            out.println(String.format(Locale.ROOT, "embedded Kafka broker on %s; Kafka Streams with "
                            + "processing.guarantee=%s, state in %s", kafka.bootstrapServers(),
                    streamsProps.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG), work.resolve("state")));
            out.flush();
            streams = new KafkaStreams(StreamgradTopology.training(learner), streamsProps);
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    runningAt.compareAndSet(0, System.nanoTime());   // the first time: start-up and rebalance done
                }
            });
            streams.start();

            long start = System.nanoTime();
            producerThread = startProducer(kafka.bootstrapServers(), learner, config.inputTopic(), labels, seen,
                    heldNanos, failure, produced);
            Outcome outcome = consume(kafka.bootstrapServers(), learner, config, labels, seen, failure, produced,
                    start);
            long end = System.nanoTime();

            PrequentialWindow window = outcome.window;
            window.flush();
            List<Point> curve = window.points();
            out.println(DemoThroughput.summary(outcome.interrupted ? "stopped (Ctrl-C or SIGTERM)" : "done",
                    outcome.seen, start, runningAt.get(), outcome.lastPredictionAt, end, heldNanos.get(), MAX_AHEAD,
                    outcome.halfway));
            out.println();
            out.print(SummaryTable.render(curve, 12));
            out.println();
            out.print(SummaryTable.renderDrifts(outcome.drifts));
            out.println();
            if (!curve.isEmpty()) {
                LearningCurvePlot.write(settings.plot(), curve, outcome.drifts);
                out.println("learning curve (prequential loss and accuracy, " + curve.size() + " points): "
                        + settings.plot().toAbsolutePath());
            } else {
                out.println("learning curve: not written (no prequential losses: micro-batch learning reports none"
                        + " per event)");
            }
            if (outcome.snapshot != null) {
                SnapshotFiles.write(settings.snapshotFile(), SnapshotFiles.Format.SNAPSHOT, outcome.snapshot);
                out.println(String.format(Locale.ROOT, "final weights (model '%s', version %d, %,d events learned): %s",
                        outcome.snapshot.getModelId(), outcome.snapshot.getVersion(), outcome.snapshot.getEvents(),
                        settings.snapshotFile().toAbsolutePath()));
                out.println("  as JSON: streamgrad export --from-file " + settings.snapshotFile() + " --output -");
            } else {
                out.println("final weights: not written (no snapshot of the model was read)");
            }
            out.flush();
        } finally {
            if (producerThread != null) {
                producerThread.interrupt();
            }
            if (streams != null) {
                streams.close(Duration.ofSeconds(30));
            }
            if (producerThread != null) {
                try {
                    producerThread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (kafka != null) {
                kafka.close();
            }
            DirectoryDeleter.deleteQuietly(work);
        }
    }

    private Thread startProducer(String bootstrap, StreamgradLearner learner, String topic,
                                 Map<String, Double> labels, java.util.concurrent.atomic.AtomicLong seen,
                                 java.util.concurrent.atomic.AtomicLong heldNanos, AtomicReference<Throwable> failure,
                                 AtomicReference<EventProducer.Result> produced) {
        Thread t = new Thread(() -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "streamgrad-demo-producer");
            try (ExampleSource source = settings.source().open();
                 Serde<LabeledEvent> serde = learner.valueSerde(LabeledEvent.class)) {
                ExampleSource recording = new RecordingSource(source, labels, seen, heldNanos, shutdown);
                produced.set(new EventProducer(p, serde.serializer()).send(recording, topic, MODEL_ID,
                        settings.events(), 0, settings.classLabels()));
            } catch (Exception e) {
                if (!shutdown.isStopRequested()) {
                    failure.compareAndSet(null, e);
                }
            }
        }, "streamgrad-demo-producer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static final class Outcome {
        final PrequentialWindow window;
        long seen;
        /** System.nanoTime() when the last prediction was read, 0 before the first. */
        long lastPredictionAt;
        /** When the reader first had half of the events, null before. */
        DemoThroughput.Halfway halfway;
        WeightSnapshot snapshot;
        boolean interrupted;
        final List<DriftMark> drifts = new ArrayList<>();

        Outcome(PrequentialWindow window) {
            this.window = window;
        }
    }

    private Outcome consume(String bootstrap, StreamgradLearner learner, StreamgradConfig config,
                            Map<String, Double> labels, java.util.concurrent.atomic.AtomicLong seenCount,
                            AtomicReference<Throwable> failure, AtomicReference<EventProducer.Result> produced,
                            long start) {
        Outcome o = new Outcome(new PrequentialWindow(windowSize(settings.events())));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamgrad-demo-reader");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(FETCH_BYTES));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(FETCH_BYTES));
        PrintStream progressOut = WriterPrintStream.over(out);
        ProgressLine progress = new ProgressLine(progressOut, System.console() != null,
                Duration.ofSeconds(1).toNanos(), System::nanoTime);
        long version = 0;
        double lastLoss = Double.NaN;
        double lastAccuracy = Double.NaN;
        int points = 0;
        try (Serde<Prediction> predictionSerde = learner.valueSerde(Prediction.class);
             Serde<WeightSnapshot> snapshotSerde = learner.valueSerde(WeightSnapshot.class);
             Serde<DriftEvent> driftSerde = learner.valueSerde(DriftEvent.class);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            Deserializer<Prediction> predictions = predictionSerde.deserializer();
            Deserializer<WeightSnapshot> snapshots = snapshotSerde.deserializer();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(config.predictionsTopic(), config.snapshotsTopic(), config.driftTopic())) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // the snapshot topic's latest value per key: a large snapshot comes as chunk records, then a manifest
            LatestSnapshots snapshotRecords = LatestSnapshots.of(MODEL_ID);
            long finalDeadline = Long.MAX_VALUE;
            while (true) {
                if (shutdown.isStopRequested()) {
                    o.interrupted = true;
                    break;
                }
                Throwable error = failure.get();
                if (error != null) {
                    throw new IllegalStateException(error.getMessage() == null ? error.toString() : error.getMessage(),
                            error);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.topic().equals(config.driftTopic())) {
                        o.drifts.add(driftMark(driftSerde.deserializer().deserialize(r.topic(), r.value())));
                        continue;
                    }
                    if (r.topic().equals(config.snapshotsTopic())) {
                        if (snapshotRecords.accept(r.key(), r.value()) != null) {
                            WeightSnapshot s = snapshotRecords.weightSnapshot(MODEL_ID, snapshots, r.topic());
                            if (s != null && MODEL_ID.equals(s.getModelId())) {
                                o.snapshot = s;
                            }
                        }
                        continue;
                    }
                    Prediction pr = predictions.deserialize(r.topic(), r.value());
                    o.seen++;
                    o.lastPredictionAt = System.nanoTime();
                    seenCount.set(o.seen);
                    if (o.halfway == null && 2 * o.seen >= settings.events()) {
                        o.halfway = new DemoThroughput.Halfway(o.seen, o.lastPredictionAt);
                    }
                    version = Math.max(version, pr.getModelVersion());
                    Double label = pr.getEventId() == null ? null : labels.remove(pr.getEventId());
                    if (pr.getLoss() != null && Double.isFinite(pr.getLoss())) {
                        if (pr.getPredictedClass() != null && label != null) {
                            o.window.addClassified(pr.getLoss(), pr.getPredictedClass() == label.doubleValue());
                        } else {
                            o.window.addRegressed(pr.getLoss());
                        }
                    }
                }
                List<Point> curve = o.window.points();
                if (curve.size() != points) {
                    points = curve.size();
                    lastLoss = curve.get(points - 1).loss();
                    lastAccuracy = curve.get(points - 1).accuracy();
                }
                ProgressStats stats = new ProgressStats(o.seen, System.nanoTime() - start, lastLoss, lastAccuracy,
                        version);
                EventProducer.Result sent = produced.get();
                long target = sent != null ? Math.min(sent.events(), settings.events()) : settings.events();
                if (o.seen >= target) {
                    if (finalDeadline == Long.MAX_VALUE) {
                        progress.finish(stats);
                        finalDeadline = System.nanoTime() + FINAL_SNAPSHOT_TIMEOUT.toNanos();
                    }
                    // every prediction is in: wait for the snapshot of the final weights
                    if ((o.snapshot != null && o.snapshot.getEvents() >= learned(o.seen))
                            || System.nanoTime() > finalDeadline) {
                        break;
                    }
                } else if (o.seen > 0) {
                    progress.update(stats);
                }
            }
            if (o.interrupted) {
                progress.finish(new ProgressStats(o.seen, System.nanoTime() - start, lastLoss, lastAccuracy,
                        version));
            }
        }
        progressOut.flush();
        return o;
    }

    /** @return the drift placed at its triggering event (input offset + 1: the demo's input has one partition) */
    static DriftMark driftMark(DriftEvent d) {
        long events = d.getSourceOffset() != null ? d.getSourceOffset() + 1 : d.getObservation();
        String detector = d.getDetector();
        int parameters = detector.indexOf('(');
        return new DriftMark(events, String.format(Locale.ROOT, "%s on the %s, action %s, model version %d",
                parameters > 0 ? detector.substring(0, parameters) : detector, d.getSignal(), d.getAction(),
                d.getModelVersion()));
    }

    /** @return events learned after {@code seen} labeled events (every demo event is labeled) */
    private static long learned(long seen) {
        return seen;
    }

    /** @return events per learning-curve point: about 40 points, between 1 and 1,000 events each */
    static int windowSize(long events) {
        return (int) Math.max(1, Math.min(1000, events / 40));
    }

    /**
     * Remembers each example's label by its event id (its 0-based number), stays at most {@link #MAX_AHEAD}
     * events ahead of the predictions read (adding the time it waits to {@code heldNanos}), and ends early on
     * Ctrl-C.
     */
    private static final class RecordingSource implements ExampleSource {
        private final ExampleSource delegate;
        private final Map<String, Double> labels;
        private final java.util.concurrent.atomic.AtomicLong seen;
        private final java.util.concurrent.atomic.AtomicLong heldNanos;
        private final GracefulShutdown shutdown;
        private long n;

        RecordingSource(ExampleSource delegate, Map<String, Double> labels,
                        java.util.concurrent.atomic.AtomicLong seen, java.util.concurrent.atomic.AtomicLong heldNanos,
                        GracefulShutdown shutdown) {
            this.delegate = delegate;
            this.labels = labels;
            this.seen = seen;
            this.heldNanos = heldNanos;
            this.shutdown = shutdown;
        }

        @Override
        public boolean hasNext() {
            if (n - seen.get() >= MAX_AHEAD) {
                long t0 = System.nanoTime();
                while (n - seen.get() >= MAX_AHEAD && !stopped()) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                heldNanos.addAndGet(System.nanoTime() - t0);
            }
            return !stopped() && delegate.hasNext();
        }

        private boolean stopped() {
            return shutdown.isStopRequested() || Thread.currentThread().isInterrupted();
        }

        @Override
        public LabeledExample next() {
            LabeledExample e = delegate.next();
            labels.put(Long.toString(n++), e.label());
            return e;
        }
    }
}
