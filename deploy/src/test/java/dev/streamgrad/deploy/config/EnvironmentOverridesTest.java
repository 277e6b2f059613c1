package dev.streamgrad.deploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentOverridesTest {

    @ParameterizedTest
    @CsvSource({
        "STREAMGRAD_HTTP_PORT, streamgrad.http.port",
        "STREAMGRAD_FOO_BAR, streamgrad.foo.bar",
        "STREAMGRAD_MODEL__ID, streamgrad.model_id",
        "STREAMGRAD_SNAPSHOT___TOPIC, streamgrad.snapshot-topic",
        "STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS, bootstrap.servers",
        "STREAMGRAD_KAFKA_SASL_JAAS_CONFIG, sasl.jaas.config",
        "STREAMGRAD_KAFKA_PROCESSING_GUARANTEE, processing.guarantee",
    })
    void mapsVariablesToKeys(String variable, String key) {
        assertEquals(key, EnvironmentOverrides.keyFor(variable));
    }

    @Test
    void ignoresOtherVariables() {
        assertNull(EnvironmentOverrides.keyFor("KAFKA_PORT"));          // injected by Kubernetes service links
        assertNull(EnvironmentOverrides.keyFor("PATH"));
        assertNull(EnvironmentOverrides.keyFor("STREAMGRAD_"));
        assertNull(EnvironmentOverrides.keyFor("streamgrad_http_port"));
        assertEquals(Map.of("streamgrad.http.port", "STREAMGRAD_HTTP_PORT"),
                EnvironmentOverrides.keysToVariables(Map.of("STREAMGRAD_HTTP_PORT", "1", "HOME", "/root",
                        "KAFKA_SERVICE_HOST", "10.0.0.3")));
    }
}
