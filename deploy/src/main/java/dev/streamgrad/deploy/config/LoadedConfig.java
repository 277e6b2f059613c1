package dev.streamgrad.deploy.config;

import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A validated configuration: the raw values (file overlaid by the environment), where each came from,
 * and the parsed {@code streamgrad.*} values. Immutable.
 */
public final class LoadedConfig {

    private final Map<String, String> values;
    private final Map<String, String> origins;
    private final AbstractConfig parsed;

    LoadedConfig(ConfigDef definition, Map<String, String> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.origins = Collections.unmodifiableMap(new TreeMap<>(origins));
        this.parsed = new AbstractConfig(definition, streamgradValues(this.values), false);
    }

    /**
     * @return every raw value, {@code streamgrad.*} and Kafka keys alike, sorted by key — what to give a
     *     config class built on the same {@link ConfigDef}, e.g. {@code new StreamgradConfig(values())}
     */
    public Map<String, String> values() {
        return values;
    }

    /**
     * @param key a key
     * @return where its value came from: {@code "file <path>"} or {@code "environment variable <NAME>"},
     *     or {@code null} if it was not set (a default applies)
     */
    public String origin(String key) {
        return origins.get(key);
    }

    /** @return the parsed {@code streamgrad.*} values, defaults filled in */
    public AbstractConfig streamgrad() {
        return parsed;
    }

    /**
     * @return the keys that are not {@code streamgrad.*} (Kafka, Kafka Streams and client keys), for
     *     {@code new KafkaStreams(topology, kafkaProperties())} and clients
     */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (!ConfigLoader.isStreamgradKey(k)) {
                p.setProperty(k, v);
            }
        });
        return p;
    }

    private static Map<String, String> streamgradValues(Map<String, String> all) {
        Map<String, String> m = new TreeMap<>();
        all.forEach((k, v) -> {
            if (ConfigLoader.isStreamgradKey(k)) {
                m.put(k, v);
            }
        });
        return m;
    }
}
