package dev.streamgrad.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.streamgrad.deploy.app.DemoRun;
import dev.streamgrad.deploy.config.ApplicationConfigDef;
import dev.streamgrad.deploy.config.CommitCadence;
import dev.streamgrad.deploy.config.ConfigLoadException;
import dev.streamgrad.deploy.config.ConfigLoader;
import dev.streamgrad.deploy.config.DeployConfig;
import dev.streamgrad.deploy.config.LoadedConfig;
import dev.streamgrad.deploy.data.DataFormatException;
import dev.streamgrad.deploy.data.ExampleSource;
import dev.streamgrad.deploy.data.LabeledExample;
import dev.streamgrad.deploy.lifecycle.GracefulShutdown;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.optim.OptimizerType;
import dev.streamgrad.topology.StreamgradConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamgrad demo}: the learning topology on an embedded broker, fed by a built-in generator or a file. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Learn on an embedded broker from built-in or file data; progress, summary, plot.",
        description = {"Run the learning topology on an embedded single-node Kafka broker, fed by a built-in",
            "data generator (or --data FILE); show a live progress line and a final summary of",
            "prequential loss and accuracy. Stops after --events or on Ctrl-C."},
        footer = {"", "Example: streamgrad demo --events 20000 --task spirals --drift-at 10000 --plot curve.png"})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", defaultValue = "20000",
            description = "Stop after N events (default: ${DEFAULT-VALUE}).")
    long events;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--plot", paramLabel = "FILE.png", defaultValue = "streamgrad-demo-curve.png",
            description = "Where to write the learning curve as a PNG image (default: ${DEFAULT-VALUE}).")
    Path plot;

    @Option(names = "--snapshot", paramLabel = "FILE", defaultValue = "streamgrad-demo-model.snapshot",
            description = "Where to write the final weights, in the snapshot file format of 'train'"
                    + " (default: ${DEFAULT-VALUE}).")
    Path snapshot;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with streamgrad.* keys (e.g. streamgrad.model.spec,"
                    + " streamgrad.batch.size) and Kafka Streams keys; it overrides the demo's defaults (optional).")
    Path config;

    @Override
    public Integer call() {
        Checks.atLeast(spec, "--events", events, 1);
        dataOptions.check(spec);
        Checks.pngFile(spec, "--plot", plot);
        Checks.outputFile(spec, "--snapshot", snapshot);
        if (config != null) {
            Checks.readableFile(spec, "--config", config);
        }
        PrintWriter out = spec.commandLine().getOut();
        Peek peek;
        try {
            peek = peek();
        } catch (IOException | DataFormatException | java.io.UncheckedIOException e) {
            return Failure.report(spec, "cannot read " + dataOptions.data + ": " + e.getMessage());
        }
        if (peek.dimension < 0) {
            return Failure.report(spec, dataOptions.data + " holds no examples");
        }
        String defaultSpec = defaultSpec(peek).toJson();
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streamgrad-demo");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put("processing.exception.handler.global.enabled", "true");    // else Kafka Streams 4.x warns
        props.put(StreamgradConfig.MODEL_SPEC_CONFIG, defaultSpec);
        // the final weights are read from the snapshot topic: snapshot soon after the last event
        props.put(StreamgradConfig.SNAPSHOT_INTERVAL_MS_CONFIG, "1000");
        // and only then: the demo reads nothing but the last snapshot, and the default (every 1,000 updates) would
        // put 20 more snapshots (about 100 KB each: weights and Adam's two slots) through the transactions
        props.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, "0");
        // drift detection on by default: the demo's stream drifts, the summary and the plot mark each detection
        props.put(StreamgradConfig.DRIFT_DETECTOR_CONFIG, "adwin");
        if (config != null) {
            try {
                LoadedConfig loaded = new ConfigLoader(demoDefinition(defaultSpec)).load(config, Map.of());
                props.putAll(loaded.values());
            } catch (ConfigLoadException e) {
                throw Checks.error(spec, e.getMessage());
            }
        }
        StreamgradConfig parsed;
        try {
            parsed = new StreamgradConfig(props);
        } catch (ConfigException e) {
            throw Checks.error(spec, "invalid configuration: " + e.getMessage());
        }
        NetworkSpec network = parsed.networkSpec();
        Checks.modelFits(spec, network, props.containsKey(DeployConfig.MODEL_MAX_VALUES_CONFIG)
                ? positive(String.valueOf(props.get(DeployConfig.MODEL_MAX_VALUES_CONFIG))) : null);
        CommitCadence.applyDefault(props, network);   // unless --config sets it: by model size, as for 'run'
        if (network.inputSize() != peek.dimension) {
            throw Checks.error(spec, StreamgradConfig.MODEL_SPEC_CONFIG + " takes " + network.inputSize()
                    + " features, the data has " + peek.dimension);
        }
        String loss = network.loss().name();
        // Several outputs of a classifier (cross_entropy) take one class index per event; one output takes the label
        int k = network.outputSize();
        boolean classLabels = k > 1 && network.loss().classCount(k) > 0;
        out.println(String.format(Locale.ROOT, "streamgrad demo: %s%,d events of %s",
                dataOptions.fromFile() ? "up to " : "", events, describeData()));
        out.println(String.format(Locale.ROOT, "model: %s, loss %s, optimizer %s (learning rate %s), %s",
                network.layersString(), loss, network.optimizer().type().name().toLowerCase(Locale.ROOT),
                network.optimizer().learningRate(), parsed.batchSize() == 1 ? "learning per event"
                        : "micro-batches of " + parsed.batchSize()));
        out.flush();
        GracefulShutdown shutdown = GracefulShutdown.install(Duration.ofSeconds(60));
        try {
            new DemoRun(new DemoRun.Settings(props, dataOptions::open, events, classLabels, plot, snapshot), out,
                    shutdown).run();
            return ExitCodes.OK;
        } catch (IOException e) {
            return Failure.report(spec, e.toString());
        } catch (ConfigException e) {
            // a warm-start file that does not load, a Kafka Streams key Kafka refuses, ...
            throw Checks.error(spec, "invalid configuration: " + e.getMessage());
        } catch (IllegalStateException | IllegalArgumentException | KafkaException | DataFormatException e) {
            return Failure.report(spec, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            shutdown.done();
        }
    }

    /** @return the configured bound (validated by the loader), or null for 0 = the heap's */
    private static Long positive(String value) {
        long v = Long.parseLong(value.strip());
        return v > 0 ? v : null;
    }

    /** What the first examples tell: their dimension and whether every label is 0 or 1. */
    private record Peek(int dimension, boolean binaryLabels) {
    }

    private static final int PEEK = 1000;

    private Peek peek() throws IOException {
        try (ExampleSource source = dataOptions.open()) {
            int dimension = -1;
            boolean binary = true;
            for (int i = 0; i < PEEK && source.hasNext(); i++) {
                LabeledExample e = source.next();
                dimension = e.dimension();
                binary &= e.label() == 0 || e.label() == 1;
            }
            return new Peek(dimension, binary);
        }
    }

    /**
     * The demo's network when the configuration gives none: for binary labels (spirals, or a file whose first
     * labels are all 0 or 1) d-64-64-1, ReLU, a sigmoid output and binary cross-entropy, Adam with learning rate
     * 0.005; otherwise (regression) d-32-1 tanh with a linear output and squared error, Adam 0.01; seeded with --seed.
     */
    private NetworkSpec defaultSpec(Peek peek) {
        boolean binary = dataOptions.fromFile() ? peek.binaryLabels() : dataOptions.task == Task.spirals;
        String layers = peek.dimension() + (binary ? ",64:relu,64:relu,1:sigmoid" : ",32:tanh,1:identity");
        return NetworkSpec.builder().layers(layers).loss(binary ? "binary_cross_entropy" : "squared_error")
                .optimizer(OptimizerSpec.of(OptimizerType.ADAM, binary ? 0.005 : 0.01)).seed(dataOptions.seed)
                .build();
    }

    private String describeData() {
        if (dataOptions.fromFile()) {
            return "file " + dataOptions.data;
        }
        String drift = dataOptions.noDrift ? "no concept drift" : "concept drift at "
                + java.util.Arrays.stream(dataOptions.driftAt).mapToObj(Long::toString)
                        .collect(java.util.stream.Collectors.joining(","));
        return String.format(Locale.ROOT, "%s (%s, %d features, %s, noise %s, seed %d)", dataOptions.task,
                dataOptions.task == Task.spirals ? "binary classification" : "regression", dataOptions.features,
                drift, dataOptions.noise, dataOptions.seed);
    }

    /** {@link ApplicationConfigDef#full()} with the demo's network as the default of the model spec. */
    private static ConfigDef demoDefinition(String defaultSpec) {
        ConfigDef def = new ConfigDef();
        for (ConfigDef.ConfigKey k : ApplicationConfigDef.full().configKeys().values()) {
            if (k.name.equals(StreamgradConfig.MODEL_SPEC_CONFIG)) {
                def.define(k.name, k.type, defaultSpec, k.validator, k.importance, k.documentation);
            } else {
                def.define(k);
            }
        }
        return def;
    }
}
