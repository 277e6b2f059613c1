package dev.streamgrad.deploy.offline;

import java.util.Objects;

import dev.streamgrad.deploy.data.ExampleSource;
import dev.streamgrad.deploy.data.LabeledExample;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;

/**
 * Learns a {@link Model} from labeled examples, per event ({@code batchSize} 1) or in micro-batches of
 * {@code batchSize} events (the last batch of a pass may be smaller), with the same engine the topology uses.
 *
 * <p>The label becomes the target as the topology does it: a class index in {@code [0, k)} for a
 * {@code cross_entropy} network (it must be an integer), otherwise the one-value target {@code [label]}
 * (the network must then have one output).
 *
 * <p>Each pass reports the prequential mean loss (every event's loss measured before the update it causes),
 * and for classifiers ({@code cross_entropy}, or {@code binary_cross_entropy} with one output, threshold 0.5)
 * the prequential accuracy. Not thread-safe; it modifies the model it is given.
 */
public final class OfflineTrainer {

    /**
     * One pass over the data.
     *
     * @param events events learned in this pass
     * @param meanLoss mean pre-update loss over the pass
     * @param accuracy fraction of correct pre-update predictions, or {@code NaN} for regression
     */
    public record Pass(long events, double meanLoss, double accuracy) {
    }

    private final Model model;
    private final int batchSize;
    private final int d;
    private final int k;
    private final boolean classIndex;
    private final boolean binary;
    private final double[] xs;
    private final double[] ys;
    private final int[] classes;
    private final double[] predictions;

    /**
     * @param model the model to train; modified by every pass
     * @param batchSize events per optimiser step, at least 1
     * @throws IllegalArgumentException if the batch size is below 1, or the network has several outputs but
     *     does not use cross_entropy (a data file has one label per event)
     */
    public OfflineTrainer(Model model, int batchSize) {
        this.model = Objects.requireNonNull(model, "model");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        NetworkSpec spec = model.spec();
        this.batchSize = batchSize;
        this.d = spec.inputSize();
        this.k = spec.outputSize();
        String loss = spec.loss().toString();
        this.classIndex = "cross_entropy".equals(loss);
        this.binary = k == 1 && "binary_cross_entropy".equals(loss);
        if (!classIndex && k != 1) {
            throw new IllegalArgumentException("the network has " + k + " outputs but loss " + loss
                    + ": a data file has one label per event, so use 1 output, or cross_entropy with class labels");
        }
        this.xs = new double[batchSize * d];
        this.ys = new double[batchSize * k];
        this.classes = new int[batchSize];
        this.predictions = new double[batchSize * k];
    }

    /**
     * Learns every example of {@code source}, in order.
     *
     * @param source the examples; read to its end, not closed
     * @return the pass's prequential loss and accuracy
     * @throws IllegalArgumentException if an example has the wrong number of features or an invalid class label
     *     (the message gives its 1-based number in the pass)
     * @throws IllegalStateException if the model refuses an update (a NaN/Inf feature or target, or a step that
     *     would make a weight non-finite); the message names the examples, the model is as before that step
     */
    public Pass pass(ExampleSource source) {
        long events = 0;
        double lossSum = 0;
        long correct = 0;
        int filled = 0;
        while (source.hasNext()) {
            LabeledExample e = source.next();
            events++;
            if (e.dimension() != d) {
                throw new IllegalArgumentException("example " + events + " has " + e.dimension()
                        + " features, the network's input size is " + d);
            }
            System.arraycopy(e.features(), 0, xs, filled * d, d);
            if (classIndex) {
                classes[filled] = classOf(e.label(), events);
            } else {
                ys[filled] = e.label();
            }
            filled++;
            if (filled == batchSize) {
                lossSum += learn(filled, events);
                correct += correct(filled);
                filled = 0;
            }
        }
        if (filled > 0) {
            lossSum += learn(filled, events);
            correct += correct(filled);
        }
        boolean classifier = classIndex || binary;
        return new Pass(events, events == 0 ? Double.NaN : lossSum / events,
                classifier && events > 0 ? (double) correct / events : Double.NaN);
    }

    /** @return the sum of the m events' losses, the last of which is example number {@code last} */
    private double learn(int m, long last) {
        try {
            return learnRows(m);
        } catch (ArithmeticException | IllegalArgumentException e) {
            // NonFiniteUpdateException, NonFiniteInputException: the model refused the step and is unchanged
            throw new IllegalStateException((m == 1 ? "example " + last : "examples " + (last - m + 1) + "-" + last)
                    + ": " + e.getMessage(), e);
        }
    }

    private double learnRows(int m) {
        if (m == 1) {
            double[] x = java.util.Arrays.copyOf(xs, d);
            return classIndex ? model.learn(x, classes[0], predictions)
                    : model.learn(x, new double[] {ys[0]}, predictions);
        }
        double mean = classIndex ? model.learnBatch(m, xs, classes, predictions)
                : model.learnBatch(m, xs, ys, predictions);
        return mean * m;
    }

    private long correct(int m) {
        long c = 0;
        for (int r = 0; r < m; r++) {
            if (classIndex) {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (predictions[r * k + j] > predictions[r * k + best]) {
                        best = j;
                    }
                }
                c += best == classes[r] ? 1 : 0;
            } else if (binary) {
                c += (predictions[r] >= 0.5) == (ys[r] >= 0.5) ? 1 : 0;
            }
        }
        return c;
    }

    private int classOf(double label, long event) {
        if (label != Math.rint(label) || label < 0 || label >= k) {
            throw new IllegalArgumentException("example " + event + " has label " + label
                    + ", not a class index in [0, " + k + ")");
        }
        return (int) label;
    }
}
