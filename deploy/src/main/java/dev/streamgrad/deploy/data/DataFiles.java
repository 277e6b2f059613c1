package dev.streamgrad.deploy.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a data file ({@code --data}) with the reader its extension calls for. */
public final class DataFiles {

    private DataFiles() {
    }

    /**
     * @param file a {@code .csv}, {@code .jsonl} or {@code .ndjson} file (UTF-8)
     * @param labelColumn CSV only: the label column (header name or 0-based index), or {@code null} for
     *     the last column; must be {@code null} for JSON Lines
     * @return a reader; the caller closes it
     * @throws IllegalArgumentException if the extension is not supported, or a label column is given for JSON Lines
     * @throws IOException if the file cannot be opened
     */
    public static ExampleSource open(Path file, String labelColumn) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return new CsvExampleReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString(),
                    labelColumn);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            if (labelColumn != null) {
                throw new IllegalArgumentException("a label column applies to CSV only; JSON Lines files use"
                        + " the \"label\" field");
            }
            return new JsonlExampleReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
        }
        throw new IllegalArgumentException("unsupported data file " + file
                + ": expected .csv, .jsonl or .ndjson");
    }
}
