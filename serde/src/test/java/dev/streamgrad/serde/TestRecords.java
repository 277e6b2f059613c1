package dev.streamgrad.serde;

import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.DeadLetterReason;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.LayerParameters;
import dev.streamgrad.serde.avro.LayerSpecRecord;
import dev.streamgrad.serde.avro.NetworkSpecRecord;
import dev.streamgrad.serde.avro.OptimizerSpecRecord;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.ScalerState;
import dev.streamgrad.serde.avro.Tensor;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sample records used across tests; deterministic. */
public final class TestRecords {
    private TestRecords() {
    }

    public static LabeledEvent event() {
        return LabeledEvent.newBuilder().setFeatures(List.of(1.5, -2.0, 0.0)).setTarget(3).setId("e-1")
                .setWeight(0.5).setEventTime(Instant.ofEpochMilli(1_700_000_000_123L)).build();
    }

    public static Prediction prediction() {
        return Prediction.newBuilder().setModelId("m1").setModelVersion(42L).setOutput(List.of(0.1, 0.9))
                .setPredictedClass(1).setLoss(0.105).setEventId("e-1")
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L)).build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder().setReason(DeadLetterReason.MALFORMED_BYTES).setMessage("truncated")
                .setSourceTopic("in").setSourcePartition(3).setSourceOffset(17L).setSchemaId(5)
                .setKey(ByteBuffer.wrap(new byte[] {1, 2})).setValue(ByteBuffer.wrap(new byte[] {0, 0, 0}))
                .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }

    /** A snapshot whose doubles include the awkward values: -0.0, NaN with a payload, subnormals, infinities. */
    public static WeightSnapshot snapshot() {
        double nanPayload = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
        return WeightSnapshot.newBuilder()
                .setModelId("model-7").setVersion(1234L).setEvents(2468L)
                .setSnapshotTime(Instant.ofEpochMilli(1_700_000_000_999L))
                .setSpec(NetworkSpecRecord.newBuilder().setInputSize(2)
                        .setLayers(List.of(new LayerSpecRecord(3, "tanh"), new LayerSpecRecord(1, "identity")))
                        .setLoss("squared_error")
                        .setOptimizer(OptimizerSpecRecord.newBuilder().setType("adam").setLearningRate(0.001).build())
                        .setSeed(42L).setScaling(true).build())
                .setLayers(List.of(
                        new LayerParameters(2, 3, List.of(0.1, -0.0, Double.MIN_VALUE, 1e-310, 0.5, -0.25),
                                List.of(0.0, 1.0, -1.0),
                                List.of(new Tensor("m", List.of(1e-8, 2e-8, 0.0, 0.0, 0.0, 0.0)),
                                        new Tensor("v", List.of(1e-16, 4e-16, 0.0, 0.0, 0.0, 0.0))),
                                List.of(new Tensor("m", List.of(0.0, 0.0, 0.0)), new Tensor("v", List.of(0.0, 0.0, 0.0)))),
                        new LayerParameters(3, 1, List.of(Math.PI, Math.E, nanPayload), List.of(Double.MAX_VALUE),
                                List.of(new Tensor("m", List.of(0.0, 0.0, 0.0)), new Tensor("v", List.of(0.0, 0.0, 0.0))),
                                List.of(new Tensor("m", List.of(Double.POSITIVE_INFINITY)),
                                        new Tensor("v", List.of(Double.NEGATIVE_INFINITY))))))
                .setScaler(new ScalerState(2468L, List.of(0.5, 1.5), List.of(10.0, 20.0)))
                .setMetrics(Map.of("meanLoss", 0.0123))
                .setCounters(Map.of("refused", 2L))
                .build();
    }
}
