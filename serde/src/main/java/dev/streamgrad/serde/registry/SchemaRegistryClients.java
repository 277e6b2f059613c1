package dev.streamgrad.serde.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the registry client a configuration asks for: {@code mock://scope} gives the scope's in-memory registry,
 * anything else a {@link CachingSchemaRegistryClient} over a {@link RestSchemaRegistryClient}.
 */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    /**
     * Connection settings, already validated by the serde configuration.
     *
     * @param urls                the configured URLs (user info allowed)
     * @param basicAuthSource     URL or USER_INFO
     * @param basicAuthUserInfo   user:password or null
     * @param bearerToken         a static bearer token or null
     * @param trustStoreLocation  trust store path or null
     * @param trustStorePassword  its password or null
     * @param trustStoreType      JKS or PKCS12
     * @param connectTimeoutMs    connect timeout
     * @param requestTimeoutMs    request timeout
     * @param maxRetries          retries
     * @param retryBackoffMs      first backoff
     * @param retryBackoffMaxMs   maximum backoff
     * @param maxResponseBytes    the largest response body read
     */
    public record Options(List<String> urls, String basicAuthSource, String basicAuthUserInfo, String bearerToken,
                          String trustStoreLocation, String trustStorePassword, String trustStoreType,
                          int connectTimeoutMs, int requestTimeoutMs, int maxRetries, long retryBackoffMs,
                          long retryBackoffMaxMs, long maxResponseBytes) {
        @Override
        public String toString() { // never print the credentials
            return "Options[urls=" + RegistryUrls.mask(String.valueOf(urls)) + ", basicAuthSource=" + basicAuthSource
                    + ", basicAuthUserInfo=" + (basicAuthUserInfo == null ? "none" : "***") + ", bearerToken="
                    + (bearerToken == null ? "none" : "***") + ", trustStoreLocation=" + trustStoreLocation
                    + ", connectTimeoutMs=" + connectTimeoutMs + ", requestTimeoutMs=" + requestTimeoutMs
                    + ", maxRetries=" + maxRetries + ", maxResponseBytes=" + maxResponseBytes + "]";
        }
    }

    /**
     * @throws ConfigException if there is no URL, a mock URL is mixed with others, a URL is malformed, or the trust
     *                         store cannot be read; its message never shows a URL's user info
     */
    public static SchemaRegistryClient create(Options options) {
        List<String> urls = options.urls();
        if (urls == null || urls.isEmpty() || urls.stream().allMatch(String::isBlank)) {
            throw new ConfigException("schema.registry.url", "", "a schema registry URL is required "
                    + "(or mock://<scope> for tests, or use the registry-free single-object serdes)");
        }
        String scope = MockSchemaRegistry.scopeOf(urls.get(0));
        if (scope != null) {
            if (urls.size() > 1) {
                throw new ConfigException("schema.registry.url", RegistryUrls.mask(String.join(",", urls)),
                        "a mock:// URL cannot be combined with others");
            }
            return MockSchemaRegistry.clientForScope(scope);
        }
        List<URI> bases = new ArrayList<>();
        String urlUserInfo = null;
        for (String url : urls) {
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                // the parser's message quotes the whole input, user info included: mask both
                throw new ConfigException("schema.registry.url", RegistryUrls.mask(url),
                        "not a URL: " + RegistryUrls.mask(e.getMessage()));
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new ConfigException("schema.registry.url", RegistryUrls.mask(url),
                        "must be http(s)://host[:port][/path] or mock://scope");
            }
            if (uri.getRawUserInfo() != null) {
                urlUserInfo = uri.getUserInfo();
                uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                        + (uri.getRawPath() == null ? "" : uri.getRawPath()));
            }
            bases.add(uri);
        }
        String authorization = null;
        if (options.bearerToken() != null) {
            authorization = "Bearer " + options.bearerToken();
        } else {
            String userInfo = "USER_INFO".equals(options.basicAuthSource()) ? options.basicAuthUserInfo() : urlUserInfo;
            if ("USER_INFO".equals(options.basicAuthSource()) && userInfo == null) {
                throw new ConfigException("basic.auth.user.info", null, "required when basic.auth.credentials.source=USER_INFO");
            }
            if (userInfo != null) {
                authorization = "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
            }
        }
        RestSchemaRegistryClient.Settings settings = new RestSchemaRegistryClient.Settings(bases,
                Duration.ofMillis(options.connectTimeoutMs()), Duration.ofMillis(options.requestTimeoutMs()),
                options.maxRetries(), options.retryBackoffMs(), options.retryBackoffMaxMs(), authorization,
                sslContext(options), options.maxResponseBytes());
        return new CachingSchemaRegistryClient(new RestSchemaRegistryClient(settings));
    }

    private static SSLContext sslContext(Options options) {
        if (options.trustStoreLocation() == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(options.trustStoreLocation()))) {
            KeyStore trustStore = KeyStore.getInstance(options.trustStoreType());
            trustStore.load(in, options.trustStorePassword() == null ? null : options.trustStorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("schema.registry.ssl.truststore.location", options.trustStoreLocation(),
                    "cannot load trust store: " + e);
        }
    }
}
