package dev.streamgrad.bench;

import dev.streamgrad.deploy.data.DriftSchedule;
import dev.streamgrad.deploy.data.DriftingRegressionTask;
import dev.streamgrad.deploy.data.ExampleSource;
import dev.streamgrad.deploy.data.LabeledExample;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.drift.AdwinSpec;
import dev.streamgrad.model.drift.DetectorSpec;
import dev.streamgrad.model.drift.DriftAction;
import dev.streamgrad.model.drift.DriftDetection;
import dev.streamgrad.model.drift.DriftSignal;
import dev.streamgrad.model.drift.DriftSpec;
import dev.streamgrad.model.drift.PageHinkleySpec;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.optim.OptimizerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Drift detection and recovery on two tasks, model library only (no Kafka), printed as Markdown: the detectors'
 * delay after a drift at event 10,000, their false alarms on the stationary stream, and the loss recovery of each
 * drift action against none. Deterministic: every stream and model is seeded (10 seeds per figure).
 *
 * <pre>
 *   mvn -o -q -pl bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar dev.streamgrad.bench.DriftBench
 * </pre>
 */
public final class DriftBench {
    static final int DRIFT_AT = 10_000;
    static final int AFTER = 40_000;
    static final int STATIONARY = 110_000;
    static final int WARM_UP = 10_000;
    static final int SEEDS = 10;
    /** Loss recovery: the trailing mean over this many events must be back within 10 % of the pre-drift mean. */
    static final int WINDOW = 500;

    /** One benchmark task: its streams, its network and the signal its detector watches. */
    record Task(String name, LongFunction<ExampleSource> drifting, LongFunction<ExampleSource> stationary,
                NetworkSpec.Builder network, DriftSignal signal) {
        NetworkSpec spec(long seed) {
            return network.seed(seed).build();
        }
    }

    /** The losses of every event, the events at which the detector signalled, and those that were increases. */
    record Run(double[] losses, List<Integer> detections, List<Integer> increases) {
    }

    private DriftBench() {
    }

    public static void main(String[] args) {
        List<Task> tasks = List.of(
                // the demo's task and network: `streamgrad demo --task regression` (2 features, noise 0.05,
                // drift at 10,000; d-32-1 tanh, squared error, Adam 0.01)
                new Task("demo regression (DriftingRegressionTask, 2 features)",
                        seed -> new DriftingRegressionTask(2, 0.05, DriftSchedule.at(DRIFT_AT), seed),
                        seed -> new DriftingRegressionTask(2, 0.05, DriftSchedule.none(), seed),
                        NetworkSpec.builder().layers("2,32:tanh,1:identity").loss("squared_error")
                                .optimizer(OptimizerSpec.of(OptimizerType.ADAM, 0.01)), DriftSignal.LOSS),
                new Task("rotating hyperplane (d = 10, 90° at once, 5 % label noise)",
                        seed -> new RotatingHyperplaneTask(10, 0.05, DRIFT_AT, 90, seed),
                        seed -> new RotatingHyperplaneTask(10, 0.05, Long.MAX_VALUE, 90, seed),
                        NetworkSpec.builder().layers("10,16:tanh,1:sigmoid").loss("binary_cross_entropy")
                                .optimizer(OptimizerSpec.of(OptimizerType.ADAM, 0.005)), DriftSignal.ERROR));
        List<DetectorSpec> detectors = List.of(AdwinSpec.DEFAULT, PageHinkleySpec.DEFAULT);
        List<DriftAction> actions = List.of(DriftAction.NONE, DriftAction.RESET_OPTIMIZER, DriftAction.RESET_MODEL,
                DriftAction.boostLr(3, 2_000));

        System.out.println("### Detection delay and false alarms (action none; " + SEEDS + " seeds each)");
        System.out.println();
        System.out.println("Delay: events from the drift at 10,000 to the first detection of an increase (the ones"
                + " that trigger an action). False alarms: detections on the same task without drift, events"
                + " 10,000-110,000 (after the model's learning phase), all of them and the increases only; the"
                + " warm-up column counts detections in events 0-10,000 of the stationary runs (ADWIN also signals"
                + " the loss falling while the model learns).");
        System.out.println();
        System.out.println("| task | detector | signal | delay (median, min-max) | missed within 40,000"
                + " | false alarms per 100,000 events: all / increases | detections in the warm-up, per run |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Task t : tasks) {
            for (DetectorSpec d : detectors) {
                DriftSpec ds = new DriftSpec(d, t.signal(), DriftAction.NONE);
                List<Integer> delays = new ArrayList<>();
                int missed = 0;
                long falseAlarms = 0;
                long falseIncreases = 0;
                long warmUpAlarms = 0;
                for (long seed = 1; seed <= SEEDS; seed++) {
                    Run r = run(t.drifting().apply(seed), t.spec(seed), ds, DRIFT_AT + AFTER);
                    int first = r.increases().stream().filter(i -> i >= DRIFT_AT).findFirst().orElse(-1);
                    if (first < 0) {
                        missed++;
                    } else {
                        delays.add(first - DRIFT_AT);
                    }
                    Run s = run(t.stationary().apply(seed), t.spec(seed), ds, STATIONARY);
                    falseAlarms += s.detections().stream().filter(i -> i >= WARM_UP).count();
                    falseIncreases += s.increases().stream().filter(i -> i >= WARM_UP).count();
                    warmUpAlarms += s.detections().stream().filter(i -> i < WARM_UP).count();
                }
                double scale = 100_000.0 / SEEDS / (STATIONARY - WARM_UP);
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d of %d | %.1f / %.1f | %.1f |%n", t.name(),
                        d.name(), t.signal().jsonName(), summary(delays), missed, SEEDS, falseAlarms * scale,
                        falseIncreases * scale, warmUpAlarms / (double) SEEDS);
            }
        }
        Task demo = tasks.get(0);
        // the defaults, and two tuned to the demo's small loss (≈ 0.005 before the drift)
        for (DetectorSpec d : List.of(AdwinSpec.DEFAULT, PageHinkleySpec.DEFAULT, AdwinSpec.withDelta(0.1),
                DetectorSpec.parse("page-hinkley(lambda=1)"))) {
            Run r = run(demo.drifting().apply(42), demo.spec(42), new DriftSpec(d, DriftSignal.LOSS, DriftAction.NONE),
                    DRIFT_AT + 10_000);
            System.out.printf(Locale.ROOT, "%nThe demo's own stream (seed 42, `streamgrad demo --task regression`), %s:"
                    + " increases detected at events %s; all detections %s.%n", d.toText(),
                    r.increases(), r.detections());
        }
        System.out.println();
        System.out.println("### Loss recovery by action (ADWIN, default parameters; " + SEEDS + " seeds each)");
        System.out.println();
        System.out.println("Events after the drift until the mean loss of the last " + WINDOW + " events is within 10 %"
                + " of the mean loss of the " + WINDOW + " events before the drift (so " + WINDOW + " is the least"
                + " possible); \"not within " + AFTER + "\" counts the seeds that never got there.");
        System.out.println();
        System.out.println("| task | action | recovery (median, min-max) | not within " + AFTER
                + " | mean loss, events 10,000-12,000 | mean loss, events 10,000-20,000 |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (Task t : tasks) {
            for (DriftAction a : actions) {
                DriftSpec ds = new DriftSpec(AdwinSpec.DEFAULT, t.signal(), a);
                List<Integer> recoveries = new ArrayList<>();
                int never = 0;
                double early = 0;
                double late = 0;
                for (long seed = 1; seed <= SEEDS; seed++) {
                    Run r = run(t.drifting().apply(seed), t.spec(seed), ds, DRIFT_AT + AFTER);
                    int rec = recovery(r.losses());
                    if (rec < 0) {
                        never++;
                    } else {
                        recoveries.add(rec);
                    }
                    early += mean(r.losses(), DRIFT_AT, DRIFT_AT + 2_000) / SEEDS;
                    late += mean(r.losses(), DRIFT_AT, DRIFT_AT + 10_000) / SEEDS;
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %d of %d | %.4f | %.4f |%n", t.name(), a.toText(),
                        summary(recoveries), never, SEEDS, early, late);
            }
        }
    }

    /** Learns {@code events} events of the stream, feeding the detector with the spec's signal. */
    static Run run(ExampleSource source, NetworkSpec spec, DriftSpec drift, int events) {
        Model m = Model.create(spec);
        m.watchDrift(drift);
        double[] losses = new double[events];
        double[] prediction = new double[1];
        double[] y = new double[1];
        List<Integer> detections = new ArrayList<>();
        List<Integer> increases = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            LabeledExample e = source.next();
            y[0] = e.label();
            losses[i] = m.learn(e.features(), y, prediction);
            DriftDetection d = m.observeDrift(drift.signal().value(losses[i], prediction, y, 1));
            if (d != null) {
                detections.add(i);
                if (d.increase()) {
                    increases.add(i);
                }
            }
        }
        return new Run(losses, detections, increases);
    }

    /** @return events after the drift until the trailing mean is within 10 % of the pre-drift mean, or −1 */
    static int recovery(double[] losses) {
        double before = mean(losses, DRIFT_AT - WINDOW, DRIFT_AT);
        double sum = 0;
        for (int i = DRIFT_AT; i < losses.length; i++) {
            sum += losses[i];
            if (i - DRIFT_AT >= WINDOW) {
                sum -= losses[i - WINDOW];
            }
            if (i - DRIFT_AT + 1 >= WINDOW && sum / WINDOW <= 1.1 * before) {
                return i + 1 - DRIFT_AT;
            }
        }
        return -1;
    }

    static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    static String summary(List<Integer> v) {
        if (v.isEmpty()) {
            return "-";
        }
        int[] a = v.stream().mapToInt(Integer::intValue).sorted().toArray();
        double median = a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
        return String.format(Locale.ROOT, "%s (%d-%d)", median == Math.rint(median) ? Long.toString((long) median)
                : Double.toString(median), a[0], a[a.length - 1]);
    }
}
