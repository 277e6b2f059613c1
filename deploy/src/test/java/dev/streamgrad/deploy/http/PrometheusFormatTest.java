package dev.streamgrad.deploy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.junit.jupiter.api.Test;

class PrometheusFormatTest {

    @Test
    void namesFollowTheDocumentedRule() {
        assertEquals("kafka_streams_thread_process_rate", PrometheusFormat.familyName("stream-thread-metrics", "process-rate"));
        assertEquals("kafka_streams_consumer_fetch_manager_records_lag_max",
                PrometheusFormat.familyName("consumer-fetch-manager-metrics", "records-lag-max"));
        assertEquals("streamgrad_model_updates_total", PrometheusFormat.familyName("streamgrad-model-metrics", "updates-total"));
        assertEquals("streamgrad_loss", PrometheusFormat.familyName("streamgrad", "loss"));
        assertEquals("kafka_streams_app_info_version", PrometheusFormat.familyName("app-info", "version"));
    }

    @Test
    void rendersNumericMetricsWithLabelsSkipsTheRest() {
        try (Metrics metrics = new Metrics()) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("thread-id", "app-1-StreamThread-1");
            tags.put("model", "a \"quoted\" \\ name\nnext");
            MetricName updates = metrics.metricName("updates-total", "streamgrad-model-metrics", "Updates applied.", tags);
            metrics.sensor("updates").add(updates, new CumulativeSum());
            metrics.sensor("updates").record(3);
            metrics.addMetric(metrics.metricName("version", "app-info", "Version."), (Gauge<String>) (c, now) -> "4.3.1");
            metrics.addMetric(metrics.metricName("broken", "app-info", "Fails."), (Gauge<Double>) (c, now) -> {
                throw new IllegalStateException("closed");
            });
            metrics.addMetric(metrics.metricName("process-rate", "stream-thread-metrics", "Records/s.",
                    Map.of("thread-id", "t1")), (Gauge<Double>) (c, now) -> 12.5);
            metrics.addMetric(metrics.metricName("process-rate", "stream-thread-metrics", "Records/s.",
                    Map.of("thread-id", "t2")), (Gauge<Double>) (c, now) -> Double.NaN);

            Map<MetricName, ? extends Metric> all = metrics.metrics();
            String text = PrometheusFormat.render(all);
            assertEquals(1, count(text, """
                    # HELP kafka_streams_thread_process_rate Records/s.
                    # TYPE kafka_streams_thread_process_rate gauge
                    kafka_streams_thread_process_rate{thread_id="t1"} 12.5
                    kafka_streams_thread_process_rate{thread_id="t2"} NaN
                    """), text);
            assertEquals(1, count(text, "kafka_streams_thread_process_rate{thread_id=\"t1\"} 12.5\n"), text);
            assertEquals(1, count(text, "kafka_streams_thread_process_rate{thread_id=\"t2\"} NaN\n"), text);
            assertEquals(1, count(text, "# TYPE streamgrad_model_updates_total counter\n"), text);
            assertEquals(1, count(text, "streamgrad_model_updates_total{model=\"a \\\"quoted\\\" \\\\ name\\nnext\","
                    + "thread_id=\"app-1-StreamThread-1\"} 3\n"), text);
            assertEquals(0, count(text, "version"), text);
            assertEquals(0, count(text, "broken"), text);
            assertEquals(0, count(text, "\n\n"), text);
        }
    }

    @Test
    void formatsSpecialValues() {
        assertEquals("+Inf", PrometheusFormat.formatValue(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusFormat.formatValue(Double.NEGATIVE_INFINITY));
        assertEquals("0.25", PrometheusFormat.formatValue(0.25));
        assertEquals("-7", PrometheusFormat.formatValue(-7));
        assertEquals("1.0E20", PrometheusFormat.formatValue(1e20));
        assertEquals("_1x", PrometheusFormat.labelName("1x"));
        assertEquals("tag__name", PrometheusFormat.labelName("__name"));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
