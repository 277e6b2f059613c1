package dev.streamgrad.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        String onlyErrorLine() {
            assertEquals("", out, "nothing on stdout for an error");
            String[] lines = err.split("\n");
            assertEquals(1, lines.length, "exactly one line on stderr, got: " + err);
            return lines[0];
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void globalHelpListsEveryCommandAndExitsZero() {
        Result r = run("--help");
        assertEquals(ExitCodes.OK, r.code());
        assertTrue(r.out().startsWith("Usage: streamgrad "), r.out());
        for (String command : new String[] {"demo", "run", "produce", "export", "train"}) {
            assertTrue(r.out().contains("  " + command + " "), "help lists " + command + ":\n" + r.out());
        }
        assertTrue(r.out().contains("Exit codes: 0 ok, 1 failed at run time, 2 bad arguments"), r.out());
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "run", "produce", "export", "train"})
    void commandHelpExitsZero(String command) {
        Result r = run(command, "--help");
        assertEquals(ExitCodes.OK, r.code());
        assertTrue(r.out().startsWith("Usage: streamgrad " + command), r.out());
        assertTrue(r.out().contains("Example: streamgrad " + command), r.out());
        assertEquals("", r.err());
    }

    @Test
    void versionExitsZero() {
        Result r = run("--version");
        assertEquals(ExitCodes.OK, r.code());
        assertTrue(r.out().startsWith("streamgrad "), r.out());
    }

    @Test
    void noCommandIsAUsageError() {
        Result r = run();
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad: missing command: one of demo, topics, run, produce, export, train (see 'streamgrad --help')",
                r.onlyErrorLine());
    }

    @Test
    void unknownCommandIsAUsageError() {
        Result r = run("fly");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad: unknown command 'fly': expected one of demo, topics, run, produce, export, train"
                + " (see 'streamgrad --help')", r.onlyErrorLine());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "demo --bogus | streamgrad demo: Unknown option: '--bogus'",
        "demo --events 0 | streamgrad demo: --events must be at least 1, got 0",
        "demo --events many | streamgrad demo: Invalid value for option '--events': 'many' is not a long",
        "demo --features 9 | streamgrad demo: --features must be 2 to 8, got 9",
        "demo --task circles | streamgrad demo: Invalid value for option '--task'",
        "demo --drift-at 500,100 | streamgrad demo: --drift-at: drift points must be positive and strictly increasing",
        "demo --noise -1 | streamgrad demo: --noise must be a finite number at least 0, got -1.0",
        "demo --plot curve.jpg | streamgrad demo: --plot: curve.jpg must end in .png",
        "demo --label-column y | streamgrad demo: --label-column needs --data",
        "demo --data missing.csv | streamgrad demo: --data: no readable file missing.csv",
        "run | streamgrad run: Missing required option: '--config=FILE'",
        "run --config missing.properties | streamgrad run: --config: no readable file missing.properties",
        "produce --topic t | streamgrad produce: Missing required option: '--bootstrap-servers=HOST:PORT[,...]'",
        "produce --bootstrap-servers localhost --topic t | streamgrad produce: --bootstrap-servers must be a"
            + " comma-separated list of host:port, got 'localhost'",
        "produce --bootstrap-servers h:9092 --topic t --rate -5 | streamgrad produce: --rate must be a finite"
            + " number at least 0, got -5.0",
        "export --model-id m | streamgrad export: Missing required option: '--output=FILE'",
        "export --output o.json | streamgrad export: --model-id is required to read a topic",
        "export --model-id m --output o.json | streamgrad export: no bootstrap servers",
        "export --from-file missing.snapshot --output o.json | streamgrad export: --from-file: no readable file"
            + " missing.snapshot",
        "export --from-file m.snapshot --topic t --output - | streamgrad export: --topic reads a topic and cannot be"
            + " used with --from-file",
        "train --output m.json | streamgrad train: Missing required option: '--data=FILE'",
    })
    void argumentErrorsPrintOneLineAndExitTwo(String args, String expectedStart) {
        Result r = run(args.strip().split(" +"));
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        String line = r.onlyErrorLine();
        assertTrue(line.startsWith(expectedStart.strip()), line);
        String command = args.strip().split(" ")[0];
        assertTrue(line.endsWith(" (see 'streamgrad " + command + " --help')"), line);
    }

    @Test
    void dataFileExcludesSyntheticOptions() throws IOException {
        Path csv = Files.writeString(dir.resolve("d.csv"), "1,2,0\n");
        Result r = run("demo", "--data", csv.toString(), "--task", "regression");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.onlyErrorLine().startsWith(
                "streamgrad demo: --task applies to a synthetic task and cannot be used with --data"), r.err());
    }

    @Test
    void runReportsAnInvalidConfigValueAsOneLineNamingTheKey() throws IOException {
        Path config = Files.writeString(dir.resolve("app.properties"), "streamgrad.http.port=http\n");
        Result r = run("run", "--config", config.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad run: invalid value 'http' for streamgrad.http.port (from file " + config
                + "): expected INT, allowed [0,...,65535] (see 'streamgrad run --help')", r.onlyErrorLine());
    }

    @Test
    void runReportsAnEnvironmentOverrideByItsVariable() throws IOException {
        Path config = Files.writeString(dir.resolve("app.properties"), "streamgrad.http.port=8080\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new picocli.CommandLine(new StreamgradCommand(), new EnvFactory(
                Map.of("STREAMGRAD_HTTP_BIND_ADDRESS", "10.0.0.1")))
                .setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8))
                .setParameterExceptionHandler((ex, a) -> {
                    ex.getCommandLine().getErr().println(ex.getMessage());
                    return ExitCodes.USAGE;
                })
                .execute("run", "--config", config.toString());
        assertEquals(ExitCodes.USAGE, code);
        assertEquals("invalid value '10.0.0.1' for streamgrad.http.bind.address (from environment variable"
                + " STREAMGRAD_HTTP_BIND_ADDRESS): expected STRING, allowed [127.0.0.1, 0.0.0.0]",
                err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void runWithABadTopologyValueExitsTwoWithOneLineNamingTheKey() throws IOException {
        Path config = Files.writeString(dir.resolve("app.properties"),
                "streamgrad.model.spec=2,8:tanh,1:sigmoid\nstreamgrad.batch.size=0\n");
        Result r = run("run", "--config", config.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad run: invalid value '0' for streamgrad.batch.size (from file " + config
                + "): expected INT, allowed [1,...,65536] (see 'streamgrad run --help')", r.onlyErrorLine());
    }

    @Test
    void runWithoutAModelSpecExitsTwo() throws IOException {
        Path config = Files.writeString(dir.resolve("app.properties"), "application.id=a\n");
        Result r = run("run", "--config", config.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.onlyErrorLine().startsWith("streamgrad run: missing required key streamgrad.model.spec"),
                r.err());
    }

    @Test
    void runWithAModelSpecThatDoesNotParseExitsTwoNamingTheKey() throws IOException {
        Path config = Files.writeString(dir.resolve("app.properties"),
                "application.id=a\nbootstrap.servers=127.0.0.1:1\nstreamgrad.model.spec=2,8:nope,1:sigmoid\n");
        Result r = run("run", "--config", config.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        String line = r.onlyErrorLine();
        assertTrue(line.startsWith("streamgrad run: invalid configuration (streamgrad.model.spec from file "
                + config + "): "), line);
    }

    @Test
    void runWithABadModeExitsTwo() throws IOException {
        Path config = Files.writeString(dir.resolve("app.properties"),
                "streamgrad.model.spec=2,8:tanh,1:sigmoid\nstreamgrad.mode=learn\n");
        Result r = run("run", "--config", config.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad run: invalid value 'learn' for streamgrad.mode (from file " + config
                + "): expected STRING, allowed [training, serving] (see 'streamgrad run --help')", r.onlyErrorLine());
    }

    @Test
    void demoWithABadTopologyValueInItsConfigExitsTwo() throws IOException {
        Path config = Files.writeString(dir.resolve("demo.properties"), "streamgrad.batch.size=x\n");
        Result r = run("demo", "--config", config.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("streamgrad demo: invalid value 'x' for streamgrad.batch.size (from file " + config
                + "): expected INT, allowed [1,...,65536] (see 'streamgrad demo --help')", r.onlyErrorLine());
    }

    /** Builds {@link RunCommand} with a given environment, everything else with the default factory. */
    private static final class EnvFactory implements picocli.CommandLine.IFactory {
        private final Map<String, String> env;

        EnvFactory(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == RunCommand.class) {
                return cls.cast(new RunCommand(env));
            }
            return picocli.CommandLine.defaultFactory().create(cls);
        }
    }
}
