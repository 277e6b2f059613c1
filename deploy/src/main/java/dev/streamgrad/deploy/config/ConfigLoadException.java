package dev.streamgrad.deploy.config;

/**
 * The configuration cannot be used. The message is one line that names the key, where its value came from
 * and what is allowed, e.g. {@code invalid value 'abc' for streamgrad.http.port (from environment variable
 * STREAMGRAD_HTTP_PORT): expected INT, allowed [0,...,65535]}. The CLI prints it and exits with code 2.
 */
public final class ConfigLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message one line */
    public ConfigLoadException(String message) {
        super(message.replace('\n', ' '));
    }

    /**
     * @param message one line
     * @param cause the underlying failure
     */
    public ConfigLoadException(String message, Throwable cause) {
        super(message.replace('\n', ' '), cause);
    }
}
