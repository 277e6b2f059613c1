package dev.streamgrad.deploy.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {

    @TempDir
    Path dir;

    private static List<LabeledExample> readAll(ExampleSource source) {
        List<LabeledExample> list = new ArrayList<>();
        try (source) {
            source.forEachRemaining(list::add);
        }
        return list;
    }

    private static CsvExampleReader csv(String text, String labelColumn) {
        return new CsvExampleReader(new BufferedReader(new StringReader(text)), "t.csv", labelColumn);
    }

    private static JsonlExampleReader jsonl(String text) {
        return new JsonlExampleReader(new BufferedReader(new StringReader(text)), "t.jsonl");
    }

    @Test
    void csvWithoutHeaderTakesTheLastColumnAsLabel() {
        assertEquals(List.of(new LabeledExample(new double[] {1, 2.5}, 0), new LabeledExample(new double[] {-3, 4e-2}, 1)),
                readAll(csv("1,2.5,0\n\n-3, 4e-2 ,1\n", null)));
    }

    @Test
    void csvHeaderNamesTheLabelColumn() {
        assertEquals(List.of(new LabeledExample(new double[] {2, 3}, 1)),
                readAll(csv("y,a,b\n1,2,3\n", "y")));
        assertEquals(List.of(new LabeledExample(new double[] {1, 3}, 2)),
                readAll(csv("1,2,3\n", "1")));
    }

    @Test
    void csvErrorsNameFileAndLine() {
        DataFormatException columns = assertThrows(DataFormatException.class,
                () -> readAll(csv("a,b,y\n1,2,3\n1,2\n", null)));
        assertEquals("t.csv:3: expected 3 columns, found 2", columns.getMessage());
        DataFormatException number = assertThrows(DataFormatException.class, () -> readAll(csv("1,2,3\n1,x,3\n", null)));
        assertEquals("t.csv:2: column 1 is not a number: 'x'", number.getMessage());
        DataFormatException nan = assertThrows(DataFormatException.class, () -> readAll(csv("1,NaN,3\n", null)));
        assertEquals("t.csv:1: column 1 is not a finite number: 'NaN'", nan.getMessage());
        DataFormatException label = assertThrows(DataFormatException.class, () -> readAll(csv("a,b\n1,2\n", "z")));
        assertEquals("t.csv:1: label column 'z' not found (a header name or an index 0..1)", label.getMessage());
        DataFormatException single = assertThrows(DataFormatException.class, () -> readAll(csv("1\n", null)));
        assertEquals("t.csv:1: need at least 2 columns (features and a label), found 1", single.getMessage());
    }

    @Test
    void jsonlReadsFeaturesAndLabelAndIgnoresOtherFields() {
        assertEquals(List.of(new LabeledExample(new double[] {1, 2}, 1), new LabeledExample(new double[] {0.5}, -2.5)),
                readAll(jsonl("{\"features\":[1,2],\"label\":1,\"id\":\"a\"}\n\n{\"label\":-2.5,\"features\":[0.5]}\n")));
    }

    @Test
    void jsonlErrorsNameFileAndLine() {
        assertEquals("t.jsonl:1: \"features\" must be a non-empty array of numbers", assertThrows(
                DataFormatException.class, () -> readAll(jsonl("{\"features\":[],\"label\":1}"))).getMessage());
        assertEquals("t.jsonl:2: \"features\"[1] is not a finite number: \"x\"", assertThrows(
                DataFormatException.class, () -> readAll(jsonl("{\"features\":[1],\"label\":1}\n"
                        + "{\"features\":[1,\"x\"],\"label\":1}"))).getMessage());
        assertEquals("t.jsonl:1: \"label\" must be a finite number", assertThrows(
                DataFormatException.class, () -> readAll(jsonl("{\"features\":[1]}"))).getMessage());
        assertEquals("t.jsonl:1: expected a JSON object with \"features\" and \"label\"", assertThrows(
                DataFormatException.class, () -> readAll(jsonl("[1,2]"))).getMessage());
        String broken = assertThrows(DataFormatException.class, () -> readAll(jsonl("{\"features\":"))).getMessage();
        assertTrue(broken.startsWith("t.jsonl:1: not valid JSON: "), broken);
    }

    @Test
    void endOfInputIsReported() {
        CsvExampleReader r = csv("1,2\n", null);
        r.next();
        assertFalse(r.hasNext());
        assertThrows(NoSuchElementException.class, r::next);
    }

    @Test
    void dataFilesPicksTheReaderByExtension() throws IOException {
        Path csv = Files.writeString(dir.resolve("d.CSV"), "a,label\n4,1\n");
        Path jsonl = Files.writeString(dir.resolve("d.jsonl"), "{\"features\":[4],\"label\":1}\n");
        LabeledExample expected = new LabeledExample(new double[] {4}, 1);
        assertEquals(List.of(expected), readAll(DataFiles.open(csv, "label")));
        assertEquals(List.of(expected), readAll(DataFiles.open(jsonl, null)));
        assertThrows(IllegalArgumentException.class, () -> DataFiles.open(jsonl, "label"));
        assertThrows(IllegalArgumentException.class, () -> DataFiles.open(dir.resolve("d.parquet"), null));
    }

    @Test
    void examplesAreImmutable() {
        double[] x = {1, 2};
        LabeledExample e = new LabeledExample(x, 0);
        x[0] = 99;
        e.features()[1] = 99;
        assertEquals(new LabeledExample(new double[] {1, 2}, 0), e);
        assertThrows(IllegalArgumentException.class, () -> new LabeledExample(new double[0], 0));
    }
}
