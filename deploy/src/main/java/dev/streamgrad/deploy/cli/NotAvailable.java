package dev.streamgrad.deploy.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command that is not wired in this build does after its arguments were checked: one line on
 * stderr and exit code {@link ExitCodes#NOT_AVAILABLE}. Remove a command's use of it when it is wired.
 */
final class NotAvailable {

    private NotAvailable() {
    }

    static int report(CommandSpec spec) {
        spec.commandLine().getErr().println(Cli.commandName(spec.commandLine())
                + ": not available in this build: the learning topology is not wired into the application yet");
        return ExitCodes.NOT_AVAILABLE;
    }
}
