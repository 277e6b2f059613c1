package dev.streamgrad.deploy.report;

/**
 * A drift the learner reported, placed on the learning curve.
 *
 * @param events the number of events the stream had reached when it was detected (the triggering event, 1-based)
 * @param detail what detected it and what was done, e.g. {@code adwin, action none, model version 10032}
 */
public record DriftMark(long events, String detail) {
    /** @throws IllegalArgumentException if events is not positive or detail is null */
    public DriftMark {
        if (events < 1) {
            throw new IllegalArgumentException("a drift mark needs a positive event number, got " + events);
        }
        if (detail == null) {
            throw new IllegalArgumentException("a drift mark needs a detail");
        }
    }
}
