package dev.streamgrad.deploy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SyntheticTasksTest {

    private static List<LabeledExample> take(ExampleSource source, int n) {
        List<LabeledExample> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            assertTrue(source.hasNext());
            list.add(source.next());
        }
        return list;
    }

    @Test
    void driftScheduleCountsConcepts() {
        DriftSchedule d = DriftSchedule.at(100, 250);
        assertEquals(0, d.conceptAt(0));
        assertEquals(0, d.conceptAt(99));
        assertEquals(1, d.conceptAt(100));
        assertEquals(1, d.conceptAt(249));
        assertEquals(2, d.conceptAt(1_000_000));
        assertEquals(0, DriftSchedule.none().conceptAt(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> DriftSchedule.at(0));
        assertThrows(IllegalArgumentException.class, () -> DriftSchedule.at(5, 5));
    }

    @Test
    void spiralsAreSeededBinaryAndOfTheAskedDimension() {
        List<LabeledExample> a = take(new SpiralsTask(5, 0.05, DriftSchedule.none(), 7), 2000);
        List<LabeledExample> b = take(new SpiralsTask(5, 0.05, DriftSchedule.none(), 7), 2000);
        List<LabeledExample> c = take(new SpiralsTask(5, 0.05, DriftSchedule.none(), 8), 2000);
        assertEquals(a, b);
        assertNotEquals(a, c);
        long ones = a.stream().filter(e -> e.label() == 1).count();
        assertTrue(a.stream().allMatch(e -> e.dimension() == 5 && (e.label() == 0 || e.label() == 1)));
        assertTrue(ones > 900 && ones < 1100, "balanced classes: " + ones);
    }

    /** Without noise each point lies on its class's arm: angle = r * turns * 2 pi + label * pi (mod 2 pi). */
    @Test
    void spiralPointsLieOnTheirArm() {
        for (LabeledExample e : take(new SpiralsTask(2, 0, DriftSchedule.none(), 3), 500)) {
            double[] x = e.features();
            double r = Math.hypot(x[0], x[1]);
            double expected = r * 1.75 * 2 * Math.PI + e.label() * Math.PI;
            double diff = Math.IEEEremainder(Math.atan2(x[1], x[0]) - expected, 2 * Math.PI);
            assertEquals(0, diff, 1e-9, "point " + e);
        }
    }

    /** Classes are interleaved: at the same radius, the other class sits half a turn away. */
    @Test
    void spiralsAreNotLinearlySeparableAlongEitherAxis() {
        List<LabeledExample> data = take(new SpiralsTask(2, 0.0, DriftSchedule.none(), 1), 4000);
        for (int axis = 0; axis < 2; axis++) {
            int finalAxis = axis;
            long positive0 = data.stream().filter(e -> e.label() == 0 && e.features()[finalAxis] > 0).count();
            long positive1 = data.stream().filter(e -> e.label() == 1 && e.features()[finalAxis] > 0).count();
            assertTrue(Math.abs(positive0 - positive1) < 400, "axis " + axis + ": " + positive0 + " vs " + positive1);
        }
    }

    @Test
    void spiralDriftRotatesByAQuarterTurnFromTheDriftPoint() {
        List<LabeledExample> plain = take(new SpiralsTask(2, 0, DriftSchedule.none(), 11), 200);
        List<LabeledExample> drifting = take(new SpiralsTask(2, 0, DriftSchedule.at(100), 11), 200);
        assertEquals(plain.subList(0, 100), drifting.subList(0, 100));
        for (int i = 100; i < 200; i++) {
            double[] p = plain.get(i).features();
            double[] d = drifting.get(i).features();
            assertEquals(plain.get(i).label(), drifting.get(i).label());
            assertEquals(-p[1], d[0], 1e-12);
            assertEquals(p[0], d[1], 1e-12);
        }
    }

    @Test
    void regressionIsSeededAndDriftChangesTheTargetsOnly() {
        List<LabeledExample> a = take(new DriftingRegressionTask(3, 0.0, DriftSchedule.at(50), 5), 100);
        List<LabeledExample> b = take(new DriftingRegressionTask(3, 0.0, DriftSchedule.at(50), 5), 100);
        List<LabeledExample> noDrift = take(new DriftingRegressionTask(3, 0.0, DriftSchedule.none(), 5), 100);
        assertEquals(a, b);
        assertEquals(noDrift.subList(0, 50), a.subList(0, 50));
        for (int i = 50; i < 100; i++) {
            assertArrayEquals(noDrift.get(i).features(), a.get(i).features());
            assertNotEquals(noDrift.get(i).label(), a.get(i).label(), "target after the drift point " + i);
        }
    }

    /** The best linear fit (least squares, with intercept) explains well under 90% of the target's variance. */
    @Test
    void regressionTargetIsNotLinearInTheFeatures() {
        List<LabeledExample> data = take(new DriftingRegressionTask(2, 0.0, DriftSchedule.none(), 9), 5000);
        double[][] ata = new double[3][4];                      // normal equations [A^T A | A^T y]
        for (LabeledExample e : data) {
            double[] row = {1, e.features()[0], e.features()[1]};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    ata[i][j] += row[i] * row[j];
                }
                ata[i][3] += row[i] * e.label();
            }
        }
        for (int p = 0; p < 3; p++) {                           // Gauss-Jordan, the matrix is well conditioned
            for (int r = 0; r < 3; r++) {
                if (r != p) {
                    double f = ata[r][p] / ata[p][p];
                    for (int c = 0; c < 4; c++) {
                        ata[r][c] -= f * ata[p][c];
                    }
                }
            }
        }
        double[] w = {ata[0][3] / ata[0][0], ata[1][3] / ata[1][1], ata[2][3] / ata[2][2]};
        double mean = data.stream().mapToDouble(LabeledExample::label).average().orElseThrow();
        double total = 0;
        double residual = 0;
        for (LabeledExample e : data) {
            double fit = w[0] + w[1] * e.features()[0] + w[2] * e.features()[1];
            total += (e.label() - mean) * (e.label() - mean);
            residual += (e.label() - fit) * (e.label() - fit);
        }
        double r2 = 1 - residual / total;
        assertTrue(r2 < 0.9, "linear R^2 = " + r2);
        assertTrue(data.stream().allMatch(e -> e.dimension() == 2
                && Math.abs(e.features()[0]) <= 1 && Math.abs(e.features()[1]) <= 1));
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new SpiralsTask(1, 0, DriftSchedule.none(), 0));
        assertThrows(IllegalArgumentException.class, () -> new SpiralsTask(9, 0, DriftSchedule.none(), 0));
        assertThrows(IllegalArgumentException.class, () -> new DriftingRegressionTask(2, -1, DriftSchedule.none(), 0));
        assertThrows(IllegalArgumentException.class, () -> new DriftingRegressionTask(2, Double.NaN, DriftSchedule.none(), 0));
    }
}
