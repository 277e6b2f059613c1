package dev.streamgrad.deploy.report;

/**
 * One point of a learning curve: the prequential (test-then-train) loss and accuracy over a window of
 * events that ends at {@code events}.
 *
 * @param events number of events seen when the window closed, at least 1
 * @param loss mean loss over the window, finite and at least 0
 * @param accuracy fraction of correct predictions over the window, in [0, 1], or {@code NaN} for a
 *     regression task (no accuracy)
 */
public record Point(long events, double loss, double accuracy) {

    /** @throws IllegalArgumentException if a value is out of range */
    public Point {
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1, got " + events);
        }
        if (!(loss >= 0) || Double.isInfinite(loss)) {
            throw new IllegalArgumentException("loss must be finite and at least 0, got " + loss);
        }
        if (!Double.isNaN(accuracy) && !(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1] or NaN, got " + accuracy);
        }
    }

    /** @return whether this point has an accuracy (classification) */
    public boolean hasAccuracy() {
        return !Double.isNaN(accuracy);
    }
}
