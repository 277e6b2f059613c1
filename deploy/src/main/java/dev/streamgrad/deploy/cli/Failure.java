package dev.streamgrad.deploy.cli;

import picocli.CommandLine.Model.CommandSpec;

/** A run-time failure of a command: one line, {@code streamgrad <command>: failed: <why>}, and exit code 1. */
final class Failure {

    private Failure() {
    }

    static int report(CommandSpec spec, String why) {
        spec.commandLine().getErr().println(Cli.commandName(spec.commandLine()) + ": failed: "
                + (why == null ? "" : why.strip().replaceAll("\\s*\\R\\s*", " ")));
        return ExitCodes.FAILURE;
    }
}
