package dev.streamgrad.deploy.config;

import org.apache.kafka.common.config.ConfigDef;

/**
 * The complete definition of the application's {@code streamgrad.*} keys: what {@link ConfigLoader}
 * validates and what the README's configuration table is generated from.
 *
 * <p>Today it holds {@link DeployConfig}'s keys only. Wiring the topology adds its keys here, in one
 * place: {@code ConfigDefs.merge(DeployConfig.configDef(), StreamgradConfig.configDef())}.
 */
public final class ApplicationConfigDef {

    private ApplicationConfigDef() {
    }

    /** @return a new definition of every {@code streamgrad.*} key the application knows */
    public static ConfigDef full() {
        return ConfigDefs.merge(DeployConfig.configDef());
    }
}
