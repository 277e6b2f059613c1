package dev.streamgrad.deploy.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import dev.streamgrad.model.KeySuggestion;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Loads the application's configuration:
 * <ol>
 *   <li>the properties file, if one is given (UTF-8, {@link Properties} syntax);</li>
 *   <li>the environment overrides it, key by key ({@link EnvironmentOverrides} gives the mapping);</li>
 *   <li>every {@code streamgrad.*} key is checked against the {@link ConfigDef}: an unknown key, a value of
 *       the wrong type or outside its validator, or a missing required key is an error whose one-line
 *       message names the key, where the value came from, and what is allowed.</li>
 * </ol>
 * Keys that are not {@code streamgrad.*} are passed through unchecked to Kafka (which checks them when the
 * clients and Kafka Streams start).
 */
public final class ConfigLoader {

    /** Prefix of the keys this loader validates. */
    public static final String STREAMGRAD_PREFIX = "streamgrad.";

    private final ConfigDef definition;

    /** @param definition the {@code streamgrad.*} keys, e.g. {@link ApplicationConfigDef#full()}; not modified */
    public ConfigLoader(ConfigDef definition) {
        this.definition = Objects.requireNonNull(definition, "definition");
    }

    /**
     * @param file the properties file, or {@code null} for none (environment and defaults only)
     * @param environment the environment, e.g. {@code System.getenv()}; not modified
     * @return the validated configuration
     * @throws ConfigLoadException if the file cannot be read or a value is invalid (one-line message)
     */
    public LoadedConfig load(Path file, Map<String, String> environment) throws ConfigLoadException {
        Map<String, String> values = new HashMap<>();
        Map<String, String> origins = new HashMap<>();
        if (file != null) {
            Properties p = readFile(file);
            for (String key : p.stringPropertyNames()) {
                values.put(key, p.getProperty(key).strip());
                origins.put(key, "file " + file);
            }
        }
        for (Map.Entry<String, String> e : EnvironmentOverrides.keysToVariables(environment).entrySet()) {
            values.put(e.getKey(), environment.get(e.getValue()).strip());
            origins.put(e.getKey(), "environment variable " + e.getValue());
        }
        validate(values, origins);
        return new LoadedConfig(definition, values, origins);
    }

    static boolean isStreamgradKey(String key) {
        return key.startsWith(STREAMGRAD_PREFIX);
    }

    private static Properties readFile(Path file) throws ConfigLoadException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigLoadException("cannot read config file " + file + ": " + describe(e), e);
        }
        return p;
    }

    private void validate(Map<String, String> values, Map<String, String> origins) throws ConfigLoadException {
        Map<String, ConfigDef.ConfigKey> keys = definition.configKeys();
        for (String key : new java.util.TreeSet<>(values.keySet())) {
            if (isStreamgradKey(key) && !keys.containsKey(key) && !ApplicationConfigDef.isPatternKey(key)) {
                String hint = KeySuggestion.closest(key, keys.keySet());
                throw new ConfigLoadException("unknown key " + key + " (from " + origins.get(key) + ")"
                        + (hint == null ? "" : "; did you mean " + hint + "?"));
            }
        }
        for (ConfigDef.ConfigKey key : keys.values()) {
            String raw = values.get(key.name);
            if (raw == null) {
                if (!key.hasDefault()) {
                    throw new ConfigLoadException("missing required key " + key.name + " (" + allowed(key) + "): "
                            + key.documentation);
                }
                continue;
            }
            try {
                Object parsed = ConfigDef.parseType(key.name, raw, key.type);
                if (key.validator != null) {
                    key.validator.ensureValid(key.name, parsed);
                }
            } catch (ConfigException e) {
                String shown = key.type == ConfigDef.Type.PASSWORD ? "[hidden]" : "'" + raw + "'";
                throw new ConfigLoadException("invalid value " + shown + " for " + key.name + " (from "
                        + origins.get(key.name) + "): " + allowed(key), e);
            }
        }
    }

    private static String allowed(ConfigDef.ConfigKey key) {
        String type = "expected " + key.type.name();
        return key.validator == null ? type : type + ", allowed " + key.validator;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
