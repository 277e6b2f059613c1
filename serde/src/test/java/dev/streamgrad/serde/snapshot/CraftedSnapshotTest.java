package dev.streamgrad.serde.snapshot;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.state.ModelState;
import dev.streamgrad.serde.avro.LayerParameters;
import dev.streamgrad.serde.avro.LayerSpecRecord;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A snapshot whose spec's sizes overflow int arithmetic cannot pass as a (weightless) model state. */
class CraftedSnapshotTest {

    @Test
    void aSnapshotWithOverflowingSizesIsRefused() {
        NetworkSpec small = NetworkSpec.builder().layers("2,1:identity").build();
        WeightSnapshot valid = WeightSnapshots.fromModelState("m", Instant.EPOCH,
                ModelState.ofWeights(small, new double[][] {{0.5, -0.5}}, new double[][] {{0.1}}), Map.of());
        // the same snapshot re-labelled 65536 → 65536, with no weights (65536·65536 wraps to 0 in int) and the biases
        WeightSnapshot crafted = WeightSnapshot.newBuilder(valid)
                .setSpec(org.apache.avro.specific.SpecificData.get().deepCopy(valid.getSpec().getSchema(), valid.getSpec()))
                .build();
        crafted.getSpec().setInputSize(65536);
        crafted.getSpec().setLayers(List.of(new LayerSpecRecord(65536, "identity")));
        crafted.setLayers(List.of(LayerParameters.newBuilder(valid.getLayers().get(0))
                .setInputSize(65536).setOutputSize(65536)
                .setWeights(WeightSnapshots.doubles(new double[0]))
                .setBiases(WeightSnapshots.doubles(new double[65536])).build()));
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> WeightSnapshots.toModelState(crafted));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }
}
