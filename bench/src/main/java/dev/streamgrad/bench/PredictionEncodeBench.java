package dev.streamgrad.bench;

import dev.streamgrad.serde.DoubleLists;
import dev.streamgrad.serde.SingleObjectSerializer;
import dev.streamgrad.serde.avro.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The learner's per-event output: build a {@code Prediction} from the model's {@code double[]} output and encode
 * it (single-object encoding). {@code writer=avro}: the output boxed into a list and Avro's
 * {@code SpecificDatumWriter} (what the serde did before); {@code writer=serde}: {@link DoubleLists#of} and the
 * serde's serializer, which writes Predictions with its hand-written writer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PredictionEncodeBench {
    @Param({"avro", "serde"})
    public String writer;

    @Param({"1", "10"})
    public int outputs;

    private double[] out;
    private final SingleObjectSerializer<Prediction> serde = new SingleObjectSerializer<>();
    private final SpecificDatumWriter<Prediction> avro = new SpecificDatumWriter<>(Prediction.getClassSchema(),
            SpecificData.getForSchema(Prediction.getClassSchema()));
    private final Instant time = Instant.ofEpochMilli(1_700_000_000_000L);
    private long version;

    @Setup
    public void setUp() {
        out = new double[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = 0.1 * i + 0.05;
        }
    }

    @Benchmark
    public byte[] encode() throws IOException {
        version++;
        if (writer.equals("serde")) {
            return serde.serialize("predictions", build(DoubleLists.of(out)));
        }
        List<Double> boxed = new ArrayList<>(out.length);
        for (double v : out) {
            boxed.add(v);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        bytes.write(new byte[10], 0, 10);   // the single-object header's size
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        avro.write(build(boxed), encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    private Prediction build(List<Double> output) {
        return Prediction.newBuilder().setModelId("default").setModelVersion(version).setOutput(output)
                .setPredictedClass(outputs > 1 ? 3 : null).setLoss(0.25).setEventId(null).setEventTime(time).build();
    }
}
