package dev.streamgrad.deploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code streamgrad} command: it only dispatches to a subcommand. */
@Command(name = "streamgrad",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Online neural-network learning inside Kafka Streams.",
        subcommands = {DemoCommand.class, TopicsCommand.class, RunCommand.class, ProduceCommand.class,
            ExportCommand.class, TrainCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failed at run time, 2 bad arguments or configuration.",
            "Run 'streamgrad COMMAND --help' for a command's options."})
public final class StreamgradCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Called without a subcommand: an argument error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
