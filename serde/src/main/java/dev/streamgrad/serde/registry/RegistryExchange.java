package dev.streamgrad.serde.registry;

import dev.streamgrad.serde.SerdeErrorReason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP request to the registry, made safe for a hostile network:
 * <ul>
 *   <li>one deadline covers the connection, the response headers and the whole body, across redirects: a server
 *   that trickles its body fails the request at the deadline, and the transfer is cancelled;</li>
 *   <li>the body is read up to a limit ({@link BoundedBodyHandler});</li>
 *   <li>redirects are followed here, not by the HTTP client, at most {@link #MAX_REDIRECTS} of them: to the same
 *   origin (scheme, host, port) with the credentials; to another origin only when there are no credentials to
 *   send, else refused, so that a redirect can never hand the {@code Authorization} header to another host;</li>
 *   <li>URLs in messages have their user info masked.</li>
 * </ul>
 * Thread-safe (the HTTP client is).
 */
final class RegistryExchange {
    /** Redirects followed within one request. */
    static final int MAX_REDIRECTS = 5;
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    /**
     * An HTTP answer that is not a redirect.
     *
     * @param status the status
     * @param body   the body as UTF-8 text, at most the limit long
     * @param uri    the URL that answered (after redirects)
     */
    record Response(int status, String body, URI uri) {
    }

    private final HttpClient http;
    private final String authorization;
    private final long maxBodyBytes;

    /**
     * @param http          a client that does not follow redirects
     * @param authorization the {@code Authorization} header value, or null
     * @param maxBodyBytes  the largest response body accepted
     */
    RegistryExchange(HttpClient http, String authorization, long maxBodyBytes) {
        if (http.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the HTTP client must not follow redirects itself");
        }
        this.http = http;
        this.authorization = authorization;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * @param method        the HTTP method
     * @param uri           the URL, without user info
     * @param jsonBody      the request body, or null
     * @param timeout       the request's budget, for messages
     * @param deadlineNanos the {@link System#nanoTime()} by which the whole answer must have arrived
     * @return the answer
     * @throws SchemaRegistryException REGISTRY_UNAVAILABLE (retriable) without a complete answer by the deadline or
     *                                 on a network error; REGISTRY_ERROR for a body over the limit, too many
     *                                 redirects, or a redirect that would carry the credentials to another origin
     */
    Response send(String method, URI uri, String jsonBody, Duration timeout, long deadlineNanos) {
        URI target = uri;
        String m = method;
        String body = jsonBody;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<byte[]> response = sendOnce(m, target, body, timeout, deadlineNanos);
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            if (!isRedirect(status) || location == null) {
                return new Response(status, new String(response.body(), StandardCharsets.UTF_8), target);
            }
            URI next = resolve(target, location, method, status);
            if (redirects >= MAX_REDIRECTS) {
                throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_ERROR, status, 0, method + " "
                        + RegistryUrls.mask(uri) + ": more than " + MAX_REDIRECTS + " redirects", null);
            }
            if (authorization != null && !RegistryUrls.sameOrigin(target, next)) {
                throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_ERROR, status, 0, method + " "
                        + RegistryUrls.mask(target) + " was redirected (HTTP " + status + ") to another origin, "
                        + RegistryUrls.origin(next) + ": not followed, so that the registry credentials are not sent "
                        + "there (configure schema.registry.url with the final URL)", null);
            }
            if (status == 303) { // "see other": the answer is fetched with GET
                m = "GET";
                body = null;
            }
            target = next;
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI resolve(URI from, String location, String method, int status) {
        URI next;
        try {
            next = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            next = null;
        }
        if (next == null || next.getHost() == null || next.getScheme() == null
                || !(next.getScheme().equalsIgnoreCase("http") || next.getScheme().equalsIgnoreCase("https"))) {
            throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_ERROR, status, 0, method + " "
                    + RegistryUrls.mask(from) + " was redirected (HTTP " + status + ") to an unusable location: "
                    + RegistryUrls.mask(location), null);
        }
        if (next.getRawUserInfo() != null) { // never adopt credentials from a Location header
            next = URI.create(next.getScheme() + "://" + next.getRawAuthority().substring(
                    next.getRawAuthority().lastIndexOf('@') + 1) + (next.getRawPath() == null ? "" : next.getRawPath())
                    + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
        }
        return next;
    }

    private HttpResponse<byte[]> sendOnce(String method, URI uri, String jsonBody, Duration timeout, long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(method, uri, timeout, null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .header("Accept", ACCEPT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        }
        BoundedBodyHandler handler = new BoundedBodyHandler(maxBodyBytes);
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request.build(), handler);
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            handler.cancel();
            future.cancel(true);
            throw timedOut(method, uri, timeout, e);
        } catch (InterruptedException e) {
            handler.cancel();
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_UNAVAILABLE, SchemaRegistryException.NO_STATUS,
                    0, "interrupted while waiting for " + method + " " + RegistryUrls.mask(uri), e);
        } catch (ExecutionException e) {
            handler.cancel();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof BoundedBodyHandler.BodyTooLargeException tooLarge) {
                throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_ERROR, tooLarge.status, 0,
                        method + " " + RegistryUrls.mask(uri) + ": " + tooLarge.getMessage()
                                + " (schema.registry.max.response.bytes)", tooLarge);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(method, uri, timeout, cause);
            }
            throw new SchemaRegistryException(SerdeErrorReason.REGISTRY_UNAVAILABLE, SchemaRegistryException.NO_STATUS,
                    0, method + " " + RegistryUrls.mask(uri) + " failed: " + RegistryUrls.mask(String.valueOf(cause)),
                    cause instanceof IOException ? cause : e);
        }
    }

    private static SchemaRegistryException timedOut(String method, URI uri, Duration timeout, Throwable cause) {
        return new SchemaRegistryException(SerdeErrorReason.REGISTRY_UNAVAILABLE, SchemaRegistryException.NO_STATUS, 0,
                method + " " + RegistryUrls.mask(uri) + ": no complete answer (connection, headers and body) within "
                        + timeout.toMillis() + " ms (schema.registry.request.timeout.ms)", cause);
    }
}
