package dev.streamgrad.deploy.report;

/**
 * What the progress line shows at one moment.
 *
 * @param events events processed so far, at least 0
 * @param elapsedNanos time since the start, at least 0
 * @param loss recent prequential loss, or {@code NaN} if none yet
 * @param accuracy recent prequential accuracy in [0, 1], or {@code NaN} (regression, or none yet)
 * @param modelVersion the model's version (number of updates or snapshots), at least 0
 */
public record ProgressStats(long events, long elapsedNanos, double loss, double accuracy, long modelVersion) {

    /** @throws IllegalArgumentException if a count or the time is negative */
    public ProgressStats {
        if (events < 0 || elapsedNanos < 0 || modelVersion < 0) {
            throw new IllegalArgumentException("events, elapsed time and model version must be at least 0");
        }
    }

    /** @return events per second since the start, 0 before any time has passed */
    public double eventsPerSecond() {
        return elapsedNanos == 0 ? 0 : events * 1e9 / elapsedNanos;
    }
}
