package dev.streamgrad.deploy.config;

import dev.streamgrad.topology.StreamgradConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The complete definition of the application's {@code streamgrad.*} keys: what {@link ConfigLoader}
 * validates and what the README's configuration table is generated from.
 *
 * <p>It holds {@link DeployConfig}'s keys (the application's own: HTTP endpoint, topology mode) and the
 * topology's ({@link StreamgradConfig#configDef()}).
 */
public final class ApplicationConfigDef {

    private ApplicationConfigDef() {
    }

    /** @return a new definition of every {@code streamgrad.*} key the application knows */
    public static ConfigDef full() {
        return ConfigDefs.merge(DeployConfig.configDef(), StreamgradConfig.configDef());
    }
}
