package dev.streamgrad.deploy.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import dev.streamgrad.deploy.config.ConfigLoader;
import dev.streamgrad.serde.StreamgradSerdeConfig;
import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.registry.RegistryUrls;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The Kafka client side of {@code produce} and {@code export}: the {@code --config} file's keys (the
 * non-{@code streamgrad.*} ones go to the client and the serde unchanged), and the serde they call for —
 * the Confluent wire format when {@code schema.registry.url} is set (an {@code http(s)://} registry or
 * {@code mock://scope}), otherwise the registry-free single-object encoding. This is the topology's rule, so
 * the same file gives the same wire format.
 */
final class ClientSettings {

    private final Map<String, String> all;

    private ClientSettings(Map<String, String> all) {
        this.all = all;
    }

    /**
     * @param config the properties file, or {@code null} for none
     * @throws IOException if the file cannot be read
     */
    static ClientSettings load(Path config) throws IOException {
        Map<String, String> all = new HashMap<>();
        if (config != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String k : p.stringPropertyNames()) {
                all.put(k, p.getProperty(k).strip());
            }
        }
        return new ClientSettings(all);
    }

    /** @return the value of a key of the file, or {@code null} */
    String get(String key) {
        String v = all.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    /**
     * @param bootstrapServers overrides the file's {@code bootstrap.servers} unless null
     * @return the client properties: every key that is not {@code streamgrad.*}
     */
    Properties clientProperties(String bootstrapServers) {
        Properties p = new Properties();
        all.forEach((k, v) -> {
            if (!k.startsWith(ConfigLoader.STREAMGRAD_PREFIX)) {
                p.setProperty(k, v);
            }
        });
        if (bootstrapServers != null) {
            p.setProperty("bootstrap.servers", bootstrapServers);
        }
        return p;
    }

    /** @return whether values use the Confluent wire format (a registry is configured) */
    boolean usesRegistry() {
        return get(StreamgradSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG) != null;
    }

    /** @return the value serde the settings call for */
    <T extends SpecificRecord> Serde<T> valueSerde(Class<T> recordClass) {
        if (usesRegistry()) {
            return StreamgradSerdes.specific(recordClass, clientProperties(null).entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(e -> (String) e.getKey(), e -> e.getValue())), false);
        }
        return StreamgradSerdes.singleObject(recordClass);
    }

    /** @return a word for the wire format, for reports */
    String wireFormat() {
        return usesRegistry() ? "Confluent wire format, registry "
                + RegistryUrls.mask(get(StreamgradSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG)) // never print user:password
                : "Avro single-object encoding (no registry)";
    }
}
