package dev.streamgrad.topology;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The metrics keys of {@link StreamgradConfig}: the metrics topic, how often it is written, and the window. */
interface MetricsKeys {

    String METRICS_TOPIC_CONFIG = StreamgradConfig.PREFIX + "metrics.topic";
    String METRICS_TOPIC_DOC = "Topic of the periodic running metrics of each model (key = model "
            + "id, value = a UTF-8 JSON object of named numbers).";

    String METRICS_INTERVAL_MS_CONFIG = StreamgradConfig.PREFIX + "metrics.interval.ms";
    String METRICS_INTERVAL_MS_DOC = "Emit each model's running metrics to the metrics topic "
            + "every T ms of wall-clock time (0 = never; the Kafka Streams metrics are always kept).";

    String METRICS_WINDOW_CONFIG = StreamgradConfig.PREFIX + "metrics.window";
    String METRICS_WINDOW_DOC = "Number of most recent labeled events the windowed mean loss "
            + "and accuracy are computed over; the exponentially weighted mean uses alpha = 2 / (window + 1).";

    /** Adds the definitions of these keys (type, default, validator, doc) to {@code def}, which is modified. */
    static void define(ConfigDef def) {
        def
            .define(METRICS_TOPIC_CONFIG, Type.STRING, "streamgrad-metrics", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, METRICS_TOPIC_DOC)
            .define(METRICS_INTERVAL_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
                    METRICS_INTERVAL_MS_DOC)
            .define(METRICS_WINDOW_CONFIG, Type.INT, 100, Range.between(1, 1_000_000), Importance.LOW,
                    METRICS_WINDOW_DOC);
    }
}
