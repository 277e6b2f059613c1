package dev.streamgrad.topology.internal;

import dev.streamgrad.topology.StreamgradConfig;

/**
 * The late-label join's settings, taken from {@link StreamgradConfig}.
 *
 * @param labelsTopic   the labels topic (for dead letters of expired labels)
 * @param inputTopic    the events topic (for dead letters of expired features)
 * @param maxDelayMs    how long an item waits, in stream time
 * @param maxBytes      the byte budget of the held items per task
 * @param metricsWindow the number of joins the delay percentiles cover
 */
record LabelSettings(String labelsTopic, String inputTopic, long maxDelayMs, long maxBytes, int metricsWindow) {

    /** @return the settings, or null if late labels are off */
    static LabelSettings of(StreamgradConfig config) {
        if (config.labelsTopic().isEmpty()) {
            return null;
        }
        return new LabelSettings(config.labelsTopic(), config.inputTopic(), config.labelsMaxDelayMs(),
                config.labelsMaxBytes(), config.metricsWindow());
    }
}
