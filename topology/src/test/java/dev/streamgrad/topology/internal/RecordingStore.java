package dev.streamgrad.topology.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/** A key-value store that also records every put and delete (a null value), in order: what a changelog receives. */
final class RecordingStore {
    private RecordingStore() {
    }

    /**
     * @param inner  the store written through to
     * @param writes modified: receives every write
     * @return the recording store
     */
    @SuppressWarnings("unchecked")
    static KeyValueStore<Bytes, byte[]> of(KeyValueStore<Bytes, byte[]> inner, List<KeyValue<Bytes, byte[]>> writes) {
        return (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(RecordingStore.class.getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("put")) {
                        writes.add(KeyValue.pair((Bytes) args[0], (byte[]) args[1]));
                    } else if (method.getName().equals("delete")) {
                        writes.add(KeyValue.pair((Bytes) args[0], null));
                    } else if (method.getName().startsWith("putAll") || method.getName().equals("putIfAbsent")) {
                        throw new UnsupportedOperationException(method.getName() + " is not recorded");
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
