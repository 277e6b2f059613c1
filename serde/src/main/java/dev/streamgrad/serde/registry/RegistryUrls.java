package dev.streamgrad.serde.registry;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** URL helpers of the registry client: masking credentials for messages, and comparing origins for redirects. */
public final class RegistryUrls {
    /** {@code scheme://user:password@} (anything up to the first {@code @} of an authority). */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\\s]*@");

    private RegistryUrls() {
    }

    /**
     * @param text any text that may hold URLs, e.g. a configured value or an exception message; may be null
     * @return the text with the user info of every {@code scheme://user:password@host} replaced by {@code ***}
     */
    public static String mask(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
    }

    /** @return the URI as a string, user info masked */
    static String mask(URI uri) {
        return mask(uri.toString());
    }

    /** @return true if both have the same scheme, host and port (default ports made explicit) */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && a.getHost() != null && b.getHost() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    /** @return scheme://host:port of the URI, without user info or path */
    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + port(uri);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
