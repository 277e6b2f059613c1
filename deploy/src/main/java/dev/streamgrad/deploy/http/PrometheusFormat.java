package dev.streamgrad.deploy.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Renders Kafka metrics (what {@code KafkaStreams#metrics()} returns) in the Prometheus text exposition
 * format, version 0.0.4.
 *
 * <p>Naming: a metric's group and name become one Prometheus name, every character outside
 * {@code [a-zA-Z0-9_]} replaced by {@code _}:
 * <ul>
 *   <li>groups starting with {@code streamgrad} (this project's own metrics):
 *       {@code streamgrad-model-metrics} / {@code updates-total} -> {@code streamgrad_model_updates_total};</li>
 *   <li>all others (Kafka Streams, consumer, producer, admin) get {@code kafka_streams_}, with a leading
 *       {@code stream-} and a trailing {@code -metrics} of the group dropped:
 *       {@code stream-thread-metrics} / {@code process-rate} -> {@code kafka_streams_thread_process_rate},
 *       {@code consumer-fetch-manager-metrics} / {@code records-lag-max} ->
 *       {@code kafka_streams_consumer_fetch_manager_records_lag_max}.</li>
 * </ul>
 * Tags become labels (names sanitised the same way, values escaped: {@code \\}, {@code "}, newline).
 * Only metrics whose value is a {@link Number} are written (Kafka also has string metrics such as
 * versions); a metric whose value cannot be read is skipped. Names ending in {@code _total} are typed
 * {@code counter}, all others {@code gauge}. The description is the family's {@code # HELP}. Output is
 * sorted by name, then labels, so it is stable.
 */
public final class PrometheusFormat {

    /** The {@code Content-Type} of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusFormat() {
    }

    /**
     * @param metrics the metrics; not modified
     * @return the exposition text, each line ending with {@code \n}
     */
    public static String render(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Family> families = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            Object value;
            try {
                value = e.getValue().metricValue();
            } catch (RuntimeException ex) {
                continue;                                   // a gauge that failed to read: leave it out
            }
            if (!(value instanceof Number number)) {
                continue;
            }
            MetricName name = e.getKey();
            String family = familyName(name.group(), name.name());
            families.computeIfAbsent(family, f -> new Family(name.description()))
                    .samples.putIfAbsent(labels(name.tags()), number.doubleValue());
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Family> f : families.entrySet()) {
            String name = f.getKey();
            Family family = f.getValue();
            if (family.help != null && !family.help.isBlank()) {
                out.append("# HELP ").append(name).append(' ').append(escapeHelp(family.help)).append('\n');
            }
            out.append("# TYPE ").append(name).append(' ').append(name.endsWith("_total") ? "counter" : "gauge")
                    .append('\n');
            for (Map.Entry<String, Double> s : family.samples.entrySet()) {
                out.append(name).append(s.getKey()).append(' ').append(formatValue(s.getValue())).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * @param group the Kafka metric group
     * @param name the Kafka metric name
     * @return the Prometheus metric name (see the class comment)
     */
    public static String familyName(String group, String name) {
        String g = group;
        String prefix;
        if (g.startsWith("streamgrad")) {
            prefix = "streamgrad_";
            g = g.substring("streamgrad".length());
        } else {
            prefix = "kafka_streams_";
            if (g.startsWith("stream-")) {
                g = g.substring("stream-".length());
            }
        }
        if (g.endsWith("-metrics")) {
            g = g.substring(0, g.length() - "-metrics".length());
        }
        String joined = (g.isEmpty() ? "" : g + "_") + name;
        String sanitized = sanitize(joined).replaceAll("_+", "_").replaceAll("^_|_$", "");
        return prefix + sanitized;
    }

    static String labels(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> t : tags.entrySet()) {
            sorted.put(labelName(t.getKey()), t.getValue() == null ? "" : t.getValue());
        }
        List<String> parts = new ArrayList<>(sorted.size());
        for (Map.Entry<String, String> t : sorted.entrySet()) {
            parts.add(t.getKey() + "=\"" + escapeLabelValue(t.getValue()) + "\"");
        }
        return "{" + String.join(",", parts) + "}";
    }

    static String labelName(String tag) {
        String s = sanitize(tag);
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            s = "_" + s;
        }
        return s.startsWith("__") ? "tag" + s : s;        // "__" is reserved for Prometheus' own labels
    }

    static String escapeLabelValue(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return b.toString();
    }

    private static final class Family {
        final String help;
        final Map<String, Double> samples = new TreeMap<>();

        Family(String help) {
            this.help = help;
        }
    }
}
