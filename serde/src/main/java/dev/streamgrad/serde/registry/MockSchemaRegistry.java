package dev.streamgrad.serde.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory registries shared within the JVM, one per scope: the serdes configured with
 * {@code schema.registry.url=mock://my-scope} all use {@code clientForScope("my-scope")}. For
 * {@code TopologyTestDriver} tests; drop the scope after each test ({@link #dropScope}) so tests do not share ids.
 */
public final class MockSchemaRegistry {
    /** The URL scheme that selects a mock registry. */
    public static final String MOCK_URL_PREFIX = "mock://";

    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    /** @return the registry of a scope, created empty on first use */
    public static InMemorySchemaRegistryClient clientForScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient());
    }

    /** Forgets a scope; the next {@link #clientForScope} call for it starts empty. Unknown scopes are ignored. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    /**
     * @param url a registry URL
     * @return the scope of a {@code mock://scope} URL, or null if it is not one
     */
    public static String scopeOf(String url) {
        return url != null && url.startsWith(MOCK_URL_PREFIX) ? url.substring(MOCK_URL_PREFIX.length()) : null;
    }
}
