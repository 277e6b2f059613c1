package dev.streamgrad.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamgrad.serde.StreamgradSerdes;
import dev.streamgrad.serde.avro.DeadLetter;
import dev.streamgrad.serde.avro.LabeledEvent;
import dev.streamgrad.serde.avro.Prediction;
import dev.streamgrad.serde.avro.WeightSnapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A seeded corpus of hostile records sent through the training topology (issue 10): for each category, its records
 * are interleaved with valid events, and then every hostile record must have been dead-lettered with a reason, no
 * record may throw out of the topology (a stream-thread exception), and the model must be bit-identical to a run
 * that saw only the valid events. Two models: binary (sigmoid, binary_cross_entropy) and 3-class (softmax,
 * cross_entropy). Black-box: only the public topology factory and the wire format.
 */
class HostileRecordsFuzzTest {
    private static final long SEED = 0x5EED_F022L;
    private static final int PER_CATEGORY = 430;
    private static final int VALID = 60;
    private static final String MULTICLASS_SPEC = "{\"input_size\":2,\"layers\":[{\"size\":5,\"activation\":\"tanh\"},"
            + "{\"size\":3,\"activation\":\"softmax\"}],\"loss\":\"cross_entropy\","
            + "\"optimizer\":{\"type\":\"sgd\",\"learning_rate\":0.2},\"seed\":5}";
    private static final String KEY = "m";

    /** The model under attack. */
    private enum Kind {
        BINARY(Fixture.XOR_SPEC, 1), MULTICLASS(MULTICLASS_SPEC, 3);

        final String spec;
        final int classes;

        Kind(String spec, int classes) {
            this.spec = spec;
            this.classes = classes;
        }
    }

    /** Context for generators: the ids of the registered schemas, and the random source. */
    private record Ids(int event, int prediction) {
    }

    /** Makes one hostile record value, or null if this draw produced nothing usable as hostile. */
    @FunctionalInterface
    private interface Generator {
        byte[] next(Random rnd, Ids ids, Kind kind);
    }

    /** The outcome of one category on one model. */
    private static final class Outcome {
        int sent;
        int deadLettered;
        int withoutReason;
        int streamThreadExceptions;
        int skippedStillUsable;
        boolean modelIdentical;
        String firstProblem;

        boolean passed() {
            return sent > 0 && deadLettered == sent && withoutReason == 0 && streamThreadExceptions == 0
                    && modelIdentical;
        }
    }

    // ------------------------------------------------------------------ the wire format, written by hand

    /** Avro binary of a Confluent-framed LabeledEvent, written piece by piece so that any piece can be wrong. */
    private static final class Frame {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Frame(int schemaId) {
            out.write(0);
            out.write(schemaId >>> 24);
            out.write(schemaId >>> 16);
            out.write(schemaId >>> 8);
            out.write(schemaId);
        }

        Frame varint(long v) {
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7fL) != 0) {
                out.write((int) ((z & 0x7f) | 0x80));
                z >>>= 7;
            }
            out.write((int) z);
            return this;
        }

        Frame dbl(double d) {
            long bits = Double.doubleToRawLongBits(d);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)));
            }
            return this;
        }

        Frame doubles(double[] v) {
            if (v.length > 0) {
                varint(v.length);
                for (double d : v) {
                    dbl(d);
                }
            }
            return varint(0);
        }

        Frame string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A target: its union branch (0 null, 1 double, 2 int, 3 array) and value. */
    private record Target(int branch, double[] values) {
        static Target ofDouble(double d) {
            return new Target(1, new double[] {d});
        }

        static Target ofInt(int i) {
            return new Target(2, new double[] {i});
        }

        static Target ofVector(double... v) {
            return new Target(3, v);
        }

        void write(Frame f) {
            f.varint(branch);
            if (branch == 1) {
                f.dbl(values[0]);
            } else if (branch == 2) {
                f.varint((long) values[0]);
            } else if (branch == 3) {
                f.doubles(values);
            }
        }
    }

    private static byte[] event(int schemaId, double[] x, Target target, String id, Double weight) {
        Frame f = new Frame(schemaId).doubles(x);
        target.write(f);
        if (id == null) {
            f.varint(0);
        } else {
            f.varint(1).string(id);
        }
        if (weight == null) {
            f.varint(0);
        } else {
            f.varint(1).dbl(weight);
        }
        return f.varint(0).bytes();
    }

    private static double[] validX(Random rnd) {
        return new double[] {rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1};
    }

    private static Target validTarget(Random rnd, Kind kind) {
        if (kind == Kind.BINARY) {
            return rnd.nextBoolean() ? Target.ofInt(rnd.nextInt(2)) : Target.ofDouble(rnd.nextInt(2));
        }
        return rnd.nextInt(4) == 0 ? Target.ofVector(0.25, 0.25, 0.5) : Target.ofInt(rnd.nextInt(3));
    }

    private static byte[] validEvent(Random rnd, Ids ids, Kind kind) {
        Double weight = rnd.nextInt(5) == 0 ? 0.5 : null;
        return event(ids.event(), validX(rnd), validTarget(rnd, kind), rnd.nextBoolean() ? "e" + rnd.nextInt(99) : null,
                weight);
    }

    /**
     * Whether bytes a mutation produced might still be an event the model can use (then they are not counted as
     * hostile): they parse as a LabeledEvent of the right id and have two finite features and a finite target.
     */
    private static boolean mightBeUsable(byte[] bytes, Ids ids) {
        LabeledEventFrames.Parsed p = LabeledEventFrames.parse(bytes, ids.event());
        return p != null && p.features().size() == 2 && p.features().stream().allMatch(Double::isFinite)
                && p.target().stream().allMatch(Double::isFinite);
    }

    // ------------------------------------------------------------------ the categories

    private static Map<String, Generator> categories() {
        Map<String, Generator> c = new LinkedHashMap<>();
        c.put("random bytes", (rnd, ids, kind) -> {
            byte[] b = new byte[rnd.nextInt(10) == 0 ? rnd.nextInt(2000) : rnd.nextInt(64)];
            rnd.nextBytes(b);
            if (b.length >= 5 && rnd.nextInt(3) > 0) { // most reach the Avro decoder: magic byte and a known id
                byte[] head = new Frame(ids.event()).bytes();
                System.arraycopy(head, 0, b, 0, 5);
            }
            return mightBeUsable(b, ids) ? null : b;
        });
        c.put("bit flips", (rnd, ids, kind) -> {
            byte[] b = validEvent(rnd, ids, kind);
            for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
                int bit = rnd.nextInt(b.length * 8);
                b[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            return mightBeUsable(b, ids) ? null : b;
        });
        c.put("truncation", (rnd, ids, kind) -> {
            byte[] b = validEvent(rnd, ids, kind);
            byte[] t = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            return mightBeUsable(t, ids) ? null : t;
        });
        c.put("inflated length fields", (rnd, ids, kind) -> {
            long[] huge = {3, 100, 1_000_000, Integer.MAX_VALUE, 1L << 40, Long.MAX_VALUE, -Integer.MAX_VALUE};
            long n = huge[rnd.nextInt(huge.length)];
            Frame f = new Frame(ids.event());
            switch (rnd.nextInt(3)) {
                case 0: // features count larger than the doubles that follow
                    f.varint(n).dbl(0.5).dbl(0.5).varint(0);
                    validTarget(rnd, kind).write(f);
                    f.varint(0).varint(0).varint(0);
                    break;
                case 1: // id string length beyond the end
                    f.doubles(validX(rnd));
                    validTarget(rnd, kind).write(f);
                    f.varint(1).varint(Math.abs(n) + 8).varint(0).varint(0);
                    break;
                default: // target vector count beyond the end
                    f.doubles(validX(rnd)).varint(3).varint(n).dbl(1).varint(0).varint(0).varint(0).varint(0);
                    break;
            }
            byte[] b = f.bytes();
            return mightBeUsable(b, ids) ? null : b;
        });
        c.put("bad union indexes", (rnd, ids, kind) -> {
            long[] bad = {4, 5, 100, -1, -100, Integer.MAX_VALUE};
            long index = bad[rnd.nextInt(bad.length)];
            Frame f = new Frame(ids.event()).doubles(validX(rnd));
            int where = rnd.nextInt(4);
            if (where == 0) {
                f.varint(index).dbl(1);
            } else {
                validTarget(rnd, kind).write(f);
            }
            f.varint(where == 1 ? Math.max(2, Math.abs(index) % 7) : 0);
            f.varint(where == 2 ? -Math.max(1, Math.abs(index)) : 0);
            f.varint(where == 3 ? index : 0);
            return f.bytes();
        });
        c.put("swapped schema ids", (rnd, ids, kind) -> {
            byte[] b = validEvent(rnd, ids, kind);
            int[] others = {ids.prediction(), ids.event() + 1000, -1, Integer.MAX_VALUE, 0};
            int id = others[rnd.nextInt(others.length)];
            if (id == ids.event()) {
                return null;
            }
            b[1] = (byte) (id >>> 24);
            b[2] = (byte) (id >>> 16);
            b[3] = (byte) (id >>> 8);
            b[4] = (byte) id;
            return b;
        });
        c.put("NaN and Inf", (rnd, ids, kind) -> {
            double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.longBitsToDouble(0x7ff0_0000_dead_beefL), Double.longBitsToDouble(0xfff8_0000_0000_0001L)};
            double v = bad[rnd.nextInt(bad.length)];
            double[] x = validX(rnd);
            Target t = validTarget(rnd, kind);
            switch (rnd.nextInt(3)) {
                case 0:
                    x[rnd.nextInt(2)] = v;
                    break;
                case 1:
                    t = Target.ofDouble(v);
                    break;
                default:
                    t = kind == Kind.BINARY ? Target.ofVector(v) : Target.ofVector(0.5, v, 0.5);
                    break;
            }
            return event(ids.event(), x, t, null, null);
        });
        c.put("huge values", (rnd, ids, kind) -> {
            double[] huge = {Double.MAX_VALUE, -Double.MAX_VALUE, 1e308, -1e300};
            double[] x = {huge[rnd.nextInt(huge.length)], huge[rnd.nextInt(huge.length)]};
            return event(ids.event(), x, validTarget(rnd, kind), null, null);
        });
        c.put("wrong dimensions", (rnd, ids, kind) -> {
            int[] dims = {0, 1, 3, 4, 50, 1000};
            double[] x = new double[dims[rnd.nextInt(dims.length)]];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextDouble();
            }
            return event(ids.event(), x, validTarget(rnd, kind), null, null);
        });
        c.put("near the size limits", (rnd, ids, kind) -> {
            int pick = rnd.nextInt(40);
            if (pick == 0) { // about 1 MB of features: the record limit, and the wrong dimension (few: they are slow)
                double[] x = new double[100_000 + rnd.nextInt(20_000)];
                java.util.Arrays.fill(x, 0.25);
                return event(ids.event(), x, validTarget(rnd, kind), null, null);
            }
            if (pick < 14) { // the largest int as a features count, with nothing behind
                return new Frame(ids.event()).varint(Integer.MAX_VALUE).bytes();
            }
            if (pick < 27) { // a features count of 2^31 - 1 with the two doubles of a real event behind it
                return new Frame(ids.event()).varint(Integer.MAX_VALUE).dbl(0.5).dbl(0.5).varint(0).varint(0)
                        .varint(0).varint(0).varint(0).bytes();
            }
            // the largest int as the id's string length
            return new Frame(ids.event()).doubles(validX(rnd)).varint(0).varint(1).varint(Integer.MAX_VALUE).bytes();
        });
        c.put("bad labels", (rnd, ids, kind) -> {
            Target[] bad = kind == Kind.BINARY
                    ? new Target[] {Target.ofDouble(3.0), Target.ofDouble(-0.5), Target.ofDouble(1.5),
                        Target.ofInt(2), Target.ofInt(-1), Target.ofInt(7), Target.ofVector(3.0),
                        Target.ofVector(0.5, 0.5), Target.ofVector()}
                    : new Target[] {Target.ofInt(3), Target.ofInt(-1), Target.ofInt(1000), Target.ofDouble(2.5),
                        Target.ofDouble(7.0), Target.ofVector(0.5, 0.6, 0.2), Target.ofVector(1.5, -0.5, 0.0),
                        Target.ofVector(0.3, 0.3), Target.ofVector(0.2, 0.2, 0.2)};
            return event(ids.event(), validX(rnd), bad[rnd.nextInt(bad.length)], null, null);
        });
        c.put("bad sample weights", (rnd, ids, kind) -> {
            double[] bad = {-1.0, -1e-300, -Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
            return event(ids.event(), validX(rnd), validTarget(rnd, kind), null, bad[rnd.nextInt(bad.length)]);
        });
        return c;
    }

    // ------------------------------------------------------------------ the runs

    private static Map<String, Object> props(String scope, Kind kind) {
        Map<String, Object> p = Fixture.props(scope, kind.spec);
        p.put(StreamgradConfig.SNAPSHOT_EVERY_UPDATES_CONFIG, String.valueOf(VALID));
        return p;
    }

    private static Ids register(Fixture f) {
        String topic = new StreamgradConfig(f.props).inputTopic();
        byte[] e = f.bytes(Fixture.event(new double[] {0, 0}, 1, null));
        byte[] p = f.serde(Prediction.class).serializer().serialize("other", Prediction.newBuilder().setModelId("x")
                .setModelVersion(1L).setOutput(List.of(0.5)).setEventTime(Instant.EPOCH).build());
        Ids ids = new Ids(LabeledEventFrames.readId(e), LabeledEventFrames.readId(p));
        // the hand-written frames are the serde's own bytes
        assertArrayEquals(f.events.serializer().serialize(topic, LabeledEvent.newBuilder()
                        .setFeatures(List.of(0.5, -0.25)).setTarget(1).setId("e1").setWeight(0.5).build()),
                event(ids.event(), new double[] {0.5, -0.25}, Target.ofInt(1), "e1", 0.5));
        return ids;
    }

    /** The model's state in the last snapshot, as bytes, without what hostile records may legitimately change. */
    private static byte[] finalState(Fixture f) {
        List<WeightSnapshot> snapshots = f.snapshotsOf(KEY);
        WeightSnapshot last = snapshots.get(snapshots.size() - 1);
        // counters count refusals; metrics and time are not the model
        WeightSnapshot model = WeightSnapshot.newBuilder(Fixture.timeless(last)).setCounters(Map.of()).build();
        return StreamgradSerdes.singleObject(WeightSnapshot.class).serializer().serialize("state", model);
    }

    private static List<byte[]> validEvents(Ids ids, Kind kind) {
        Random rnd = new Random(SEED ^ kind.ordinal());
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            out.add(validEvent(rnd, ids, kind));
        }
        return out;
    }

    private static byte[] baseline(Kind kind, Function<Fixture, Ids> idsOut, Ids[] ids) {
        String scope = "fuzz-baseline-" + kind;
        try (Fixture f = new Fixture(props(scope, kind), Fixture.freshDir(scope))) {
            ids[0] = idsOut.apply(f);
            for (byte[] v : validEvents(ids[0], kind)) {
                f.sendRaw(KEY, v);
            }
            assertEquals(List.of(), f.deadLetters.readValuesToList(), "valid events are not dead-lettered");
            return finalState(f);
        } finally {
            dev.streamgrad.serde.registry.MockSchemaRegistry.dropScope(scope);
        }
    }

    private static Outcome attack(Kind kind, String category, Generator generator, byte[] expectedState) {
        String scope = "fuzz-" + kind + "-" + category.replace(' ', '-');
        Outcome o = new Outcome();
        try (Fixture f = new Fixture(props(scope, kind), Fixture.freshDir("fuzz"))) {
            Ids ids = register(f);
            List<byte[]> valid = validEvents(ids, kind);
            Random rnd = new Random(SEED + category.hashCode() + 31L * kind.ordinal());
            int v = 0;
            for (int h = 0; h < PER_CATEGORY; h++) {
                if (v < valid.size() && rnd.nextInt(PER_CATEGORY / VALID + 1) == 0) {
                    f.sendRaw(KEY, valid.get(v++));
                    f.deadLetters.readValuesToList();
                }
                byte[] hostile = generator.next(rnd, ids, kind);
                for (int tries = 0; hostile == null && tries < 50; tries++) { // a mutation that left a usable event
                    o.skippedStillUsable++;
                    hostile = generator.next(rnd, ids, kind);
                }
                if (hostile == null) {
                    continue;
                }
                o.sent++;
                try {
                    f.sendRaw(KEY, hostile);
                } catch (RuntimeException e) {
                    o.streamThreadExceptions++;
                    o.firstProblem = o.firstProblem != null ? o.firstProblem : "exception: " + e;
                    continue;
                }
                List<DeadLetter> dls = f.deadLetters.readValuesToList();
                if (dls.size() == 1) {
                    o.deadLettered++;
                    if (dls.get(0).getReason() == null || dls.get(0).getMessage().isBlank()) {
                        o.withoutReason++;
                    }
                } else if (o.firstProblem == null) {
                    o.firstProblem = dls.size() + " dead letters for " + describe(hostile, ids);
                }
                f.predictions.readValuesToList();
            }
            while (v < valid.size()) {
                f.sendRaw(KEY, valid.get(v++));
            }
            o.modelIdentical = java.util.Arrays.equals(expectedState, finalState(f));
        } finally {
            dev.streamgrad.serde.registry.MockSchemaRegistry.dropScope(scope);
        }
        return o;
    }

    private static String describe(byte[] b, Ids ids) {
        LabeledEventFrames.Parsed p = LabeledEventFrames.parse(b, ids.event());
        return p == null ? b.length + " unparsable bytes" : "features " + p.features() + " target branch "
                + p.targetBranch() + " " + p.target() + " weight " + p.weight();
    }

    @Test
    void hostileRecordsAreDeadLetteredAndLeaveTheModelBitIdentical() {
        List<String> failed = new ArrayList<>();
        int total = 0;
        StringBuilder report = new StringBuilder("[HostileRecordsFuzzTest] seed " + SEED + "\n");
        for (Kind kind : Kind.values()) {
            Ids[] ids = new Ids[1];
            byte[] expected = baseline(kind, HostileRecordsFuzzTest::register, ids);
            for (Map.Entry<String, Generator> c : categories().entrySet()) {
                long start = System.nanoTime();
                Outcome o = attack(kind, c.getKey(), c.getValue(), expected);
                long ms = (System.nanoTime() - start) / 1_000_000;
                total += o.sent;
                report.append(String.format("  %-10s %-24s sent %4d  dead-lettered %4d  without reason %d  "
                                + "stream-thread exceptions %d  model bit-identical %-5s  (draws still usable, not "
                                + "sent: %d; %d ms)%s%n", kind, c.getKey(), o.sent, o.deadLettered, o.withoutReason,
                        o.streamThreadExceptions, o.modelIdentical, o.skippedStillUsable, ms,
                        o.firstProblem == null ? "" : "  first problem: " + o.firstProblem));
                if (!o.passed()) {
                    failed.add(kind + " " + c.getKey());
                }
            }
        }
        report.append("  total hostile records: ").append(total);
        System.out.println(report);
        assertEquals(true, total >= 10_000, "at least 10,000 hostile records: " + total);
        assertEquals(List.of(), failed, report.toString());
    }
}
