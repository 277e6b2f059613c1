package dev.streamgrad.deploy.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders a {@link ConfigDef} as a markdown table (name, type, default, valid values, description), in
 * definition order, and keeps such a table in sync inside a document between the markers
 * {@value #BEGIN} and {@value #END}.
 *
 * <p>Regenerate the README's table: {@code java -cp deploy/target/streamgrad.jar
 * dev.streamgrad.deploy.config.ConfigMarkdown README.md} (rewrites the section with
 * {@link ApplicationConfigDef#full()}).
 */
public final class ConfigMarkdown {

    /** Marker lines around a generated table. */
    public static final String BEGIN = "<!-- config-table:begin (generated from the ConfigDef; do not edit) -->";
    public static final String END = "<!-- config-table:end -->";

    private ConfigMarkdown() {
    }

    /**
     * @param definition the keys; not modified
     * @return the table: a header, a separator and one row per key, each line ending with {@code \n}
     */
    public static String render(ConfigDef definition) {
        StringBuilder s = new StringBuilder();
        s.append("| name | type | default | valid values | description |\n");
        s.append("| --- | --- | --- | --- | --- |\n");
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            s.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(cell(defaultValue(key))).append(" | ")
                    .append(cell(key.validator == null ? "" : key.validator.toString())).append(" | ")
                    .append(cell(key.documentation == null ? "" : key.documentation)).append(" |\n");
        }
        return s.toString();
    }

    /**
     * @param document a document containing the markers once, each on its own line
     * @return the text between the marker lines (exclusive)
     * @throws IllegalArgumentException if the markers are missing or out of order
     */
    public static String section(String document) {
        int[] bounds = bounds(document);
        return document.substring(bounds[0], bounds[1]);
    }

    /**
     * @param document a document containing the markers once, each on its own line
     * @param table the new text between them
     * @return the document with the section replaced
     */
    public static String replaceSection(String document, String table) {
        int[] bounds = bounds(document);
        return document.substring(0, bounds[0]) + table + document.substring(bounds[1]);
    }

    /**
     * Rewrites the generated section of each given markdown file with {@link ApplicationConfigDef#full()}.
     *
     * @param args paths of markdown files that contain the markers
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        String table = render(ApplicationConfigDef.full());
        for (String arg : args) {
            Path file = Path.of(arg);
            String doc = Files.readString(file, StandardCharsets.UTF_8);
            Files.writeString(file, replaceSection(doc, table), StandardCharsets.UTF_8);
        }
    }

    private static int[] bounds(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < 0 || end < begin || document.indexOf(BEGIN, begin + 1) >= 0) {
            throw new IllegalArgumentException("the document must contain the markers '" + BEGIN + "' and '"
                    + END + "' once each, in that order");
        }
        int start = document.indexOf('\n', begin) + 1;
        return new int[] {start, end};
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return key.defaultValue == null ? "null" : "[hidden]";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        String v = ConfigDef.convertToString(key.defaultValue, key.type);
        if (key.type == ConfigDef.Type.LIST && v.isEmpty()) {
            return "\"\"";
        }
        return v.isEmpty() ? "\"\"" : "`" + v + "`";
    }

    private static String cell(String text) {
        return String.join(" ", List.of(text.split("\\R"))).replace("|", "\\|");
    }
}
