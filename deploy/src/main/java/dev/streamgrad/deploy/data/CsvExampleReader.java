package dev.streamgrad.deploy.data;

import java.io.BufferedReader;
import java.util.Arrays;

/**
 * Reads examples from numeric CSV: comma-separated numbers, one example per line, the label in one
 * column (by default the last) and the features in all the others. An optional header line (the first
 * non-blank line, if any of its fields is not a number) names the columns; the label column can then be
 * chosen by name. Quoted fields are not supported (numbers need none). Blank lines are skipped.
 */
public final class CsvExampleReader extends LineReader {

    private final String labelColumn;
    private int labelIndex = -1;
    private int columns = -1;

    /**
     * @param reader the CSV text; closed by {@link #close()}
     * @param sourceName name used in error messages (usually the file name)
     * @param labelColumn the label column: a header name, a 0-based index, or {@code null} for the last column
     */
    public CsvExampleReader(BufferedReader reader, String sourceName, String labelColumn) {
        super(reader, sourceName);
        this.labelColumn = labelColumn;
    }

    @Override
    LabeledExample parse(String line, long number) {
        String[] fields = line.split(",", -1);
        if (columns < 0) {
            columns = fields.length;
            if (columns < 2) {
                throw error(number, "need at least 2 columns (features and a label), found " + columns);
            }
            if (!allNumeric(fields)) {
                labelIndex = resolveLabel(fields, number);
                return null;                               // header
            }
            labelIndex = resolveLabel(null, number);
        }
        if (fields.length != columns) {
            throw error(number, "expected " + columns + " columns, found " + fields.length);
        }
        double[] features = new double[columns - 1];
        double label = 0;
        for (int i = 0, f = 0; i < columns; i++) {
            double v = number(fields[i], number, i);
            if (i == labelIndex) {
                label = v;
            } else {
                features[f++] = v;
            }
        }
        return new LabeledExample(features, label);
    }

    private int resolveLabel(String[] header, long number) {
        if (labelColumn == null) {
            return columns - 1;
        }
        if (header != null) {
            int i = Arrays.asList(header).stream().map(String::strip).toList().indexOf(labelColumn);
            if (i >= 0) {
                return i;
            }
        }
        try {
            int i = Integer.parseInt(labelColumn);
            if (i >= 0 && i < columns) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // not an index: reported below
        }
        throw error(number, "label column '" + labelColumn + "' not found (a header name or an index 0.."
                + (columns - 1) + ")");
    }

    private double number(String field, long line, int column) {
        try {
            double v = Double.parseDouble(field.strip());
            if (!Double.isFinite(v)) {
                throw error(line, "column " + column + " is not a finite number: '" + field.strip() + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(line, "column " + column + " is not a number: '" + field.strip() + "'");
        }
    }

    private static boolean allNumeric(String[] fields) {
        for (String f : fields) {
            try {
                Double.parseDouble(f.strip());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
