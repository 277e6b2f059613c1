package dev.streamgrad.deploy.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

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

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also write the learning curve as a PNG image.")
    Path plot;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with streamgrad.* keys for the model (optional).")
    Path config;

    @Override
    public Integer call() {
        Checks.atLeast(spec, "--events", events, 1);
        dataOptions.check(spec);
        if (plot != null) {
            Checks.pngFile(spec, "--plot", plot);
        }
        if (config != null) {
            Checks.readableFile(spec, "--config", config);
        }
        return NotAvailable.report(spec);
    }
}
