package dev.streamgrad.deploy.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import dev.streamgrad.model.state.WeightsJson;

/**
 * The child-JVM side of {@link CliReadersFuzzTest}: runs each case of a case file through the CLI's in-process
 * entry point ({@link Cli#execute}, which returns the exit code {@code main} would exit with) and prints, per case,
 * {@code id TAB exit TAB base64(stderr)}. A {@link Throwable} escaping the CLI (an {@link OutOfMemoryError}
 * included) is reported as exit −1 with its class name, so the parent fails on it.
 *
 * <p>Case lines: {@code id TAB args separated by U+001F}. The pseudo-command {@code weights-json FILE} reads a
 * weights JSON file with {@link WeightsJson#fromJson} (the library reader; the CLI writes that format but has no
 * command that reads it): 0 if it loads, 2 for its documented refusal ({@link IllegalArgumentException}).
 */
public final class CliFuzzRunner {

    private CliFuzzRunner() {
    }

    public static void main(String[] args) throws Exception {
        List<String> cases = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        PrintStream report = new PrintStream(new java.io.FileOutputStream(args[1]), true, StandardCharsets.UTF_8);
        for (String line : cases) {
            int tab = line.indexOf('\t');
            String id = line.substring(0, tab);
            String[] cmd = line.substring(tab + 1).split("\u001f");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                try {
                    code = "weights-json".equals(cmd[0]) ? weightsJson(Path.of(cmd[1]), e)
                            : Cli.execute(Arrays.copyOf(cmd, cmd.length), o, e);
                } catch (Throwable t) {
                    code = -1;
                    e.println("ESCAPED " + t);
                }
            }
            report.println(id + "\t" + code + "\t" + Base64.getEncoder().encodeToString(err.toByteArray()));
        }
        report.close();
    }

    private static int weightsJson(Path file, PrintStream err) throws java.io.IOException {
        try {
            WeightsJson.fromJson(Files.readString(file, StandardCharsets.ISO_8859_1));
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println("weights-json: " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " "));
            return ExitCodes.USAGE;
        }
    }
}
