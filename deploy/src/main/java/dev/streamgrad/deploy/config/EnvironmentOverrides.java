package dev.streamgrad.deploy.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps environment variables to configuration keys. Only two prefixes are read; every other variable is
 * ignored:
 * <ul>
 *   <li>{@code STREAMGRAD_KAFKA_<NAME>} -> a plain Kafka / Kafka Streams key {@code <name>}, e.g.
 *       {@code STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS} -> {@code bootstrap.servers}
 *       (so no {@code streamgrad.kafka.*} key can be set from the environment);</li>
 *   <li>{@code STREAMGRAD_<NAME>} -> {@code streamgrad.<name>}, e.g. {@code STREAMGRAD_HTTP_PORT} ->
 *       {@code streamgrad.http.port}.</li>
 * </ul>
 * {@code <NAME>} is lower-cased, then {@code ___} becomes {@code -}, {@code __} becomes {@code _}, and
 * {@code _} becomes {@code .} (the convention of Confluent's container images), e.g.
 * {@code STREAMGRAD_KAFKA_SASL_JAAS_CONFIG} -> {@code sasl.jaas.config}. A prefix of plain {@code KAFKA_}
 * is deliberately not used: Kubernetes injects {@code KAFKA_PORT}, {@code KAFKA_SERVICE_HOST}, ... into
 * every pod of a namespace with a Service named {@code kafka}.
 */
public final class EnvironmentOverrides {

    /** Prefix of variables that set {@code streamgrad.*} keys. */
    public static final String PREFIX = "STREAMGRAD_";
    /** Prefix of variables that set plain Kafka keys (checked first). */
    public static final String KAFKA_PREFIX = "STREAMGRAD_KAFKA_";

    private EnvironmentOverrides() {
    }

    /**
     * @param environment the environment, e.g. {@code System.getenv()}; not modified
     * @return configuration key -> name of the variable that sets it, sorted by key
     */
    public static Map<String, String> keysToVariables(Map<String, String> environment) {
        Map<String, String> result = new TreeMap<>();
        for (String variable : environment.keySet()) {
            String key = keyFor(variable);
            if (key != null) {
                result.put(key, variable);
            }
        }
        return result;
    }

    /**
     * @param variable an environment variable's name
     * @return the configuration key it sets, or {@code null} if it sets none
     */
    public static String keyFor(String variable) {
        if (variable.startsWith(KAFKA_PREFIX) && variable.length() > KAFKA_PREFIX.length()) {
            return translate(variable.substring(KAFKA_PREFIX.length()));
        }
        if (variable.startsWith(PREFIX) && variable.length() > PREFIX.length()) {
            return "streamgrad." + translate(variable.substring(PREFIX.length()));
        }
        return null;
    }

    private static String translate(String name) {
        return name.toLowerCase(Locale.ROOT)
                .replace("___", "\u0000")
                .replace("__", "\u0001")
                .replace('_', '.')
                .replace('\u0001', '_')
                .replace('\u0000', '-');
    }
}
