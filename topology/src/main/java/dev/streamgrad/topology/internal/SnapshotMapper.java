package dev.streamgrad.topology.internal;

import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.avro.WeightSnapshot;
import dev.streamgrad.serde.snapshot.WeightSnapshots;
import java.time.Instant;
import java.util.Map;

/** {@link ModelState} to and from the {@link WeightSnapshot} Avro record, bit-exact (the serde module's mapping). */
public final class SnapshotMapper {

    private SnapshotMapper() {
    }

    /**
     * @param modelId the model id
     * @param state   the state; not modified
     * @param timeMs  the snapshot time
     * @return the snapshot record, without metrics
     */
    public static WeightSnapshot toSnapshot(String modelId, ModelState state, long timeMs) {
        return toSnapshot(modelId, state, timeMs, Map.of());
    }

    /**
     * @param modelId the model id
     * @param state   the state; not modified
     * @param timeMs  the snapshot time
     * @param metrics running metrics to include; not modified
     * @return the snapshot record
     */
    public static WeightSnapshot toSnapshot(String modelId, ModelState state, long timeMs,
                                            Map<String, Double> metrics) {
        return WeightSnapshots.fromModelState(modelId, Instant.ofEpochMilli(timeMs), state, metrics);
    }

    /**
     * @param snapshot the snapshot; not modified
     * @return its state
     * @throws dev.streamgrad.serde.snapshot.SnapshotFormatException if the snapshot is not a valid state
     */
    public static ModelState fromSnapshot(WeightSnapshot snapshot) {
        return WeightSnapshots.toModelState(snapshot);
    }
}
