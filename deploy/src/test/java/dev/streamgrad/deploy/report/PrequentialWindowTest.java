package dev.streamgrad.deploy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PrequentialWindowTest {

    @Test
    void closesAPointPerWindowAndFlushesTheRest() {
        PrequentialWindow w = new PrequentialWindow(4);
        boolean[] correct = {true, false, true, true, false, false, true};
        double[] loss = {1, 2, 3, 4, 0.5, 0.5, 2};
        for (int i = 0; i < loss.length; i++) {
            w.addClassified(loss[i], correct[i]);
        }
        assertEquals(List.of(new Point(4, 2.5, 0.75)), w.points());
        w.flush();
        w.flush();
        assertEquals(List.of(new Point(4, 2.5, 0.75), new Point(7, 1.0, 1.0 / 3)), w.points());
        assertEquals(7, w.events());
    }

    @Test
    void regressionPointsHaveNoAccuracy() {
        PrequentialWindow w = new PrequentialWindow(2);
        w.addRegressed(1);
        w.addRegressed(3);
        Point p = w.points().get(0);
        assertEquals(2, p.events());
        assertEquals(2.0, p.loss());
        assertTrue(Double.isNaN(p.accuracy()));
    }
}
