package dev.streamgrad.topology;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A persistent store that copies the whole state directory right after it closes: TopologyTestDriver deletes its
 * state directory at the end of {@code close()}, after the stores are closed and checkpointed.
 */
final class CopyOnCloseStore {
    private CopyOnCloseStore() {
    }

    static KeyValueBytesStoreSupplier supplier(String name, Path stateDir, Path copy) {
        KeyValueBytesStoreSupplier rocks = Stores.persistentKeyValueStore(name);
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            @SuppressWarnings("unchecked")
            public KeyValueStore<Bytes, byte[]> get() {
                KeyValueStore<Bytes, byte[]> inner = rocks.get();
                return (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                            Object result;
                            try {
                                result = method.invoke(inner, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                                Fixture.copyTree(stateDir, copy);
                            }
                            return result;
                        });
            }

            @Override
            public String metricsScope() {
                return rocks.metricsScope();
            }
        };
    }
}
