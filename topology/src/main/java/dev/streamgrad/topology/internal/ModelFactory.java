package dev.streamgrad.topology.internal;

import dev.streamgrad.serde.avro.WeightSnapshot;

/** Makes, restores and snapshots {@link OnlineModel}s of one configured spec. Thread-safe; shared by tasks. */
public interface ModelFactory {

    /**
     * @param modelId the new model's id
     * @return a new model: from the warm-start state if one is configured, else freshly initialised
     */
    OnlineModel create(String modelId);

    /**
     * @param state bytes of {@link OnlineModel#toBytes()}; not modified
     * @return the model, bit-identical to the one serialised
     */
    OnlineModel fromBytes(byte[] state);

    /**
     * @param snapshot a snapshot; not modified
     * @return the model it holds
     */
    OnlineModel fromSnapshot(WeightSnapshot snapshot);

    /**
     * @param modelId the model's id
     * @param model   the model; not modified
     * @param timeMs  the snapshot time
     * @param metrics running metrics to include (finite values only); not modified
     * @return the model's complete state as a snapshot record
     */
    WeightSnapshot toSnapshot(String modelId, OnlineModel model, long timeMs, java.util.Map<String, Double> metrics);
}
