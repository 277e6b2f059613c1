package dev.streamgrad.deploy.config;

import org.apache.kafka.common.config.ConfigDef;

/** Helpers over Kafka's {@link ConfigDef}. */
public final class ConfigDefs {

    private ConfigDefs() {
    }

    /**
     * @param parts definitions to combine, in order; not modified
     * @return a new definition with every key of every part, in order
     * @throws org.apache.kafka.common.config.ConfigException if two parts define the same key
     */
    public static ConfigDef merge(ConfigDef... parts) {
        ConfigDef merged = new ConfigDef();
        for (ConfigDef part : parts) {
            for (ConfigDef.ConfigKey key : part.configKeys().values()) {
                merged.define(key);
            }
        }
        return merged;
    }
}
