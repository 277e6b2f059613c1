package dev.streamgrad.deploy.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

/**
 * Builds and runs the {@code streamgrad} command line. Every argument error prints exactly one line on
 * stderr — {@code streamgrad <command>: <what is wrong> (see 'streamgrad <command> --help')} — and gives
 * exit code {@link ExitCodes#USAGE}; {@code --help} prints the usage on stdout and gives {@link ExitCodes#OK}.
 */
public final class Cli {

    private Cli() {
    }

    /**
     * @param args the command-line arguments; not modified
     * @param out where help and results go; not closed
     * @param err where errors go; not closed
     * @return the exit code ({@link ExitCodes})
     */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cl = new CommandLine(new StreamgradCommand())
                .setOut(outWriter)
                .setErr(errWriter)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpWidth(100)
                .setUsageHelpAutoWidth(false)
                .setParameterExceptionHandler(Cli::onParameterError)
                .setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
                    commandLine.getErr().println(commandName(commandLine) + ": failed: " + oneLine(ex.toString()));
                    return ExitCodes.FAILURE;
                });
        // A command's one-line header is for the command list of 'streamgrad --help'; its own help starts
        // with the usage line and explains itself in the description.
        for (CommandLine sub : cl.getSubcommands().values()) {
            java.util.List<String> keys = new java.util.ArrayList<>(sub.getHelpSectionKeys());
            keys.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER_HEADING);
            keys.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER);
            sub.setHelpSectionKeys(keys);
        }
        int code = cl.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    private static int onParameterError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String message = ex.getMessage();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && cl.getCommandSpec().parent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + u.getUnmatched().get(0) + "': expected one of "
                    + String.join(", ", cl.getSubcommands().keySet());
        }
        cl.getErr().println(commandName(cl) + ": " + oneLine(message)
                + " (see '" + commandName(cl) + " --help')");
        return ExitCodes.USAGE;
    }

    static String commandName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName(" ");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
