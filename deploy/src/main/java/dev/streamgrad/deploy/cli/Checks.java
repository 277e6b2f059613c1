package dev.streamgrad.deploy.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.streamgrad.model.ModelSizeLimit;
import dev.streamgrad.model.NetworkSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Argument checks that picocli's type conversion does not do; each failure is a one-line usage error. */
final class Checks {

    private Checks() {
    }

    static CommandLine.ParameterException error(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw error(spec, option + " must be at least " + min + ", got " + value);
        }
    }

    static void between(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw error(spec, option + " must be " + min + " to " + max + ", got " + value);
        }
    }

    static void nonNegative(CommandSpec spec, String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw error(spec, option + " must be a finite number at least 0, got " + value);
        }
    }

    /**
     * Refuses a network too large for the bound before anything is allocated.
     *
     * @param maxValues the bound given on the command line, or null for {@link ModelSizeLimit#standard()}
     */
    static void modelFits(CommandSpec spec, NetworkSpec network, Long maxValues) {
        try {
            (maxValues != null ? ModelSizeLimit.of(maxValues, Runtime.getRuntime().maxMemory())
                    : ModelSizeLimit.standard()).check(network);
        } catch (IllegalArgumentException e) {
            throw error(spec, e.getMessage());
        }
    }

    static void readableFile(CommandSpec spec, String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw error(spec, option + ": no readable file " + file);
        }
    }

    static void dataFile(CommandSpec spec, String option, Path file) {
        readableFile(spec, option, file);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".csv") && !name.endsWith(".jsonl") && !name.endsWith(".ndjson")) {
            throw error(spec, option + ": " + file + " must be a .csv, .jsonl or .ndjson file");
        }
    }

    static void pngFile(CommandSpec spec, String option, Path file) {
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw error(spec, option + ": " + file + " must end in .png");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw error(spec, option + ": directory " + dir + " does not exist");
        }
    }

    static void outputFile(CommandSpec spec, String option, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw error(spec, option + ": directory " + dir + " does not exist");
        }
    }

    static void hostPorts(CommandSpec spec, String option, String servers) {
        for (String s : servers.split(",")) {
            String hp = s.strip();
            int colon = hp.lastIndexOf(':');
            boolean ok = colon > 0 && colon < hp.length() - 1;
            if (ok) {
                try {
                    int port = Integer.parseInt(hp.substring(colon + 1));
                    ok = port > 0 && port <= 65535;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw error(spec, option + " must be a comma-separated list of host:port, got '" + servers + "'");
            }
        }
    }
}
