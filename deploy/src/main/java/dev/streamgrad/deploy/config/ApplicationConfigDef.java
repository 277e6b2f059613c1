package dev.streamgrad.deploy.config;

import dev.streamgrad.serde.mapping.FeatureMapperConfig;
import dev.streamgrad.serde.mapping.LabelMapperConfig;
import dev.streamgrad.topology.StreamgradConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The complete definition of the application's {@code streamgrad.*} keys: what {@link ConfigLoader}
 * validates and what the README's configuration table is generated from.
 *
 * <p>It holds {@link DeployConfig}'s keys (the application's own: HTTP endpoint, topology mode, model size
 * bound), the topology's ({@link StreamgradConfig#configDef()}) and the feature mapper's
 * ({@link FeatureMapperConfig#CONFIG}, for {@code streamgrad.input.format=avro_record|json}), the late-label
 * mapper's ({@link LabelMapperConfig#CONFIG}, for {@code streamgrad.labels.format=avro_record|json}), plus the mapper's
 * per-field keys, which no definition can list ({@link #isPatternKey}).
 */
public final class ApplicationConfigDef {

    private ApplicationConfigDef() {
    }

    /** @return a new definition of every {@code streamgrad.*} key the application knows */
    public static ConfigDef full() {
        return ConfigDefs.merge(DeployConfig.configDef(), StreamgradConfig.configDef(), FeatureMapperConfig.CONFIG,
                LabelMapperConfig.CONFIG);
    }

    /**
     * @param key a {@code streamgrad.*} key that {@link #full()} does not define
     * @return whether it is still a known key: {@code streamgrad.mapper.field.<path>.vocabulary} or
     *     {@code streamgrad.mapper.field.<path>.hash.buckets}
     */
    public static boolean isPatternKey(String key) {
        return FeatureMapperConfig.isFieldKey(key);
    }
}
