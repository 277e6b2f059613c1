package dev.streamgrad.deploy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SummaryTableTest {

    @Test
    void rendersClassificationRows() {
        assertEquals("""
                     events |     loss | accuracy
                ------------+----------+---------
                      1,000 |   0.6931 |    50.2%
                     20,000 |   0.1234 |    95.0%
                """, SummaryTable.render(List.of(new Point(1000, 0.69314, 0.502), new Point(20_000, 0.12344, 0.95)), 10));
    }

    @Test
    void listsTheDetectedDrifts() {
        assertEquals("""
                drifts detected: 2
                  at event 10,043: adwin, action none, model version 10043
                  at event 15,000: adwin, action reset-model, model version 15000
                """, SummaryTable.renderDrifts(List.of(
                new DriftMark(10_043, "adwin, action none, model version 10043"),
                new DriftMark(15_000, "adwin, action reset-model, model version 15000"))));
        assertEquals("drifts detected: none\n", SummaryTable.renderDrifts(List.of()));
    }

    @Test
    void regressionHasNoAccuracy() {
        assertEquals("""
                     events |     loss | accuracy
                ------------+----------+---------
                        500 |  12.5000 |        -
                """, SummaryTable.render(List.of(new Point(500, 12.5, Double.NaN)), 10));
    }

    @Test
    void thinsEvenlyKeepingFirstAndLast() {
        List<Point> points = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            points.add(new Point(i * 100L, 1.0 / i, 0.5));
        }
        String table = SummaryTable.render(points, 5);
        String[] lines = table.split("\n");
        assertEquals(2 + 5, lines.length);
        assertEquals("        100 |   1.0000 |    50.0%", lines[2]);
        assertEquals("     10,000 |   0.0100 |    50.0%", lines[6]);
        List<Point> rows = SummaryTable.thin(points, 5);
        assertEquals(List.of(100L, 2600L, 5100L, 7500L, 10_000L), rows.stream().map(Point::events).toList());
    }

    @Test
    void emptyCurveAndBadArguments() {
        assertEquals("no learning-curve points (too few events)\n", SummaryTable.render(List.of(), 10));
        assertThrows(IllegalArgumentException.class, () -> SummaryTable.render(List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> new Point(0, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Point(1, -1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Point(1, 1, 1.5));
    }
}
