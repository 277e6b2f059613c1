package dev.streamgrad.topology.internal;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds {@link ModelStateStore}s around a bytes store: changelogged (by default) and never cached, since the
 * learner buffers its writes itself and a cache would reorder them (the changelog must receive them in write order,
 * see {@link ModelStore}). Caching cannot be enabled.
 */
final class ModelStoreBuilder implements StoreBuilder<ModelStateStore> {
    private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;

    /** @param supplier the bytes store; its name is the store's name */
    ModelStoreBuilder(KeyValueBytesStoreSupplier supplier) {
        this.inner = Stores.keyValueStoreBuilder(Objects.requireNonNull(supplier, "supplier"), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Map.of());
    }

    /** @throws UnsupportedOperationException always: a cache would reorder the writes on their way to the changelog */
    @Override
    public ModelStoreBuilder withCachingEnabled() {
        throw new UnsupportedOperationException("the model store '" + name() + "' is never cached: the learner "
                + "buffers its writes itself and writes them in order at each commit");
    }

    @Override
    public ModelStoreBuilder withCachingDisabled() {
        return this;
    }

    @Override
    public ModelStoreBuilder withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    /** Without a changelog the models survive no crash and move to no other instance: for tests only. */
    @Override
    public ModelStoreBuilder withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public ModelStateStore build() {
        return new ModelStateStore(inner.build());
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
