package dev.streamgrad.topology.internal;

import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.model.state.ModelStateCodec;

/** Test access to what the model store holds. */
public final class StoredModels {
    private StoredModels() {
    }

    /**
     * @param store   the learner's store
     * @param modelId the model
     * @return the state of the model's last checkpoint, or null if it has none
     */
    public static ModelState lastCheckpoint(ModelStateStore store, String modelId) {
        ModelStore.Checkpoint cp = new ModelStore(store.kv(), ModelStore.DEFAULT_CHUNK_BYTES).readCheckpoint(modelId);
        return cp == null ? null : ModelStateCodec.fromBytes(cp.state());
    }
}
