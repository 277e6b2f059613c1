package dev.streamgrad.deploy.data;

import java.util.Arrays;

/**
 * Where concept drift happens in a synthetic stream: a sorted list of event indices (0-based). Before
 * the first drift point the stream is in concept 0, from the first up to the second in concept 1, and so on.
 */
public final class DriftSchedule {

    private static final DriftSchedule NONE = new DriftSchedule(new long[0]);

    private final long[] points;

    private DriftSchedule(long[] points) {
        this.points = points;
    }

    /** @return a schedule without drift */
    public static DriftSchedule none() {
        return NONE;
    }

    /**
     * @param points event indices at which a new concept starts, strictly increasing and positive; not modified
     * @return the schedule
     * @throws IllegalArgumentException if the points are not positive and strictly increasing
     */
    public static DriftSchedule at(long... points) {
        long previous = 0;
        for (long p : points) {
            if (p <= previous) {
                throw new IllegalArgumentException("drift points must be positive and strictly increasing: "
                        + Arrays.toString(points));
            }
            previous = p;
        }
        return new DriftSchedule(points.clone());
    }

    /**
     * @param eventIndex 0-based index of an event in the stream
     * @return the concept in force for that event: the number of drift points at or before it
     */
    public int conceptAt(long eventIndex) {
        int concept = 0;
        while (concept < points.length && points[concept] <= eventIndex) {
            concept++;
        }
        return concept;
    }

    /** @return the drift points, a copy */
    public long[] points() {
        return points.clone();
    }

    @Override
    public String toString() {
        return points.length == 0 ? "no drift" : "drift at " + Arrays.toString(points);
    }
}
