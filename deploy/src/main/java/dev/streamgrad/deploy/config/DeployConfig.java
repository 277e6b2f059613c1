package dev.streamgrad.deploy.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * The application's own keys (the HTTP endpoint), beside the topology's {@code streamgrad.*} keys. Every
 * key is a {@code *_CONFIG} constant with its {@code *_DOC} in one {@link ConfigDef}.
 */
public final class DeployConfig {

    public static final String HTTP_ENABLED_CONFIG = "streamgrad.http.enabled";
    public static final String HTTP_ENABLED_DOC = "Whether to serve /health, /ready and /metrics over HTTP.";

    public static final String HTTP_PORT_CONFIG = "streamgrad.http.port";
    public static final String HTTP_PORT_DOC = "Port of the HTTP endpoint (/health, /ready, /metrics); 0 picks a free port.";

    public static final String HTTP_BIND_ADDRESS_CONFIG = "streamgrad.http.bind.address";
    public static final String HTTP_BIND_ADDRESS_DOC = "Address the HTTP endpoint binds: 127.0.0.1 (this host only)"
            + " or 0.0.0.0 (all interfaces: needed in a container so that probes and scrapers reach it).";

    public static final String MODE_CONFIG = "streamgrad.mode";
    public static final String MODE_DOC = "What 'run' runs: 'training' (the learning topology: predictions, snapshots,"
            + " metrics, dead letters) or 'serving' (no training: each event scored with the latest snapshot of its"
            + " model from the snapshot topic).";

    public static final String MODEL_MAX_VALUES_CONFIG = dev.streamgrad.model.ModelSizeLimit.KEY;
    public static final String MODEL_MAX_VALUES_DOC = "The most doubles a model may hold (weights, biases, optimiser"
            + " slots, scaler); a larger model.spec is refused at start with exit 2 before anything is allocated."
            + " 0 = an eighth of the JVM's maximum heap (-Xmx). Also a system property of the same name (for train).";

    /** The values of {@value #MODE_CONFIG}. */
    public static final String MODE_TRAINING = "training";
    public static final String MODE_SERVING = "serving";

    private DeployConfig() {
    }

    /**
     * @param config a configuration parsed with (a superset of) {@link #configDef()}
     * @return where the HTTP endpoint listens, or {@code null} if {@value #HTTP_ENABLED_CONFIG} is false
     */
    public static java.net.InetSocketAddress httpAddress(org.apache.kafka.common.config.AbstractConfig config) {
        if (!config.getBoolean(HTTP_ENABLED_CONFIG)) {
            return null;
        }
        return new java.net.InetSocketAddress(config.getString(HTTP_BIND_ADDRESS_CONFIG), config.getInt(HTTP_PORT_CONFIG));
    }

    /**
     * @param config a configuration parsed with (a superset of) {@link #configDef()}
     * @return the model size bound of {@value #MODEL_MAX_VALUES_CONFIG} (0: the heap's)
     */
    public static dev.streamgrad.model.ModelSizeLimit sizeLimit(org.apache.kafka.common.config.AbstractConfig config) {
        return dev.streamgrad.model.ModelSizeLimit.of(config.getLong(MODEL_MAX_VALUES_CONFIG),
                Runtime.getRuntime().maxMemory());
    }

    /** @return a new definition of the application's own keys */
    public static ConfigDef configDef() {
        return new ConfigDef()
                .define(HTTP_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, HTTP_ENABLED_DOC)
                .define(HTTP_PORT_CONFIG, Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM, HTTP_PORT_DOC)
                .define(HTTP_BIND_ADDRESS_CONFIG, Type.STRING, "127.0.0.1", ValidString.in("127.0.0.1", "0.0.0.0"),
                        Importance.MEDIUM, HTTP_BIND_ADDRESS_DOC)
                .define(MODEL_MAX_VALUES_CONFIG, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
                        MODEL_MAX_VALUES_DOC)
                .define(MODE_CONFIG, Type.STRING, MODE_TRAINING, ValidString.in(MODE_TRAINING, MODE_SERVING),
                        Importance.HIGH, MODE_DOC);
    }
}
