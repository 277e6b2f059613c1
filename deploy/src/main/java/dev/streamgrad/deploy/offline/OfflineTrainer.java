package dev.streamgrad.deploy.offline;

import java.util.Arrays;
import java.util.Objects;

import dev.streamgrad.deploy.data.ExampleSource;
import dev.streamgrad.deploy.data.LabeledExample;
import dev.streamgrad.model.InvalidInputException;
import dev.streamgrad.model.Model;
import dev.streamgrad.model.NetworkSpec;
import dev.streamgrad.model.Target;

/**
 * Learns a {@link Model} from labeled examples, per event ({@code batchSize} 1) or in micro-batches of
 * {@code batchSize} events (the last batch of a pass may be smaller), with the same engine the topology uses.
 *
 * <p>The label becomes a {@link Target} as the topology does it: with one output, the one-value target
 * {@code [label]}; with several (a classifier such as {@code cross_entropy}), a class index (the label must be an
 * integer). Every target is checked against the loss ({@link Model#checkTarget}) before it is learned: an
 * out-of-range label (a {@code binary_cross_entropy} label of 3, a class index ≥ k) stops the pass with a message
 * naming the example and, for files, its line.
 *
 * <p>Each pass reports the prequential mean loss (every event's loss measured before the update it causes),
 * and for classifiers ({@link Model#isClassifier()}) the prequential accuracy ({@link Model#predictedClass} against
 * {@link Model#targetClass}). Not thread-safe; it modifies the model it is given.
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
    private final double[] xs;
    private final double[] ys;
    private final int[] targetClasses;
    private final double[] predictions;

    /**
     * @param model the model to train; modified by every pass
     * @param batchSize events per optimiser step, at least 1
     * @throws IllegalArgumentException if the batch size is below 1, or the network has several outputs but
     *     is not a classifier (a data file has one label per event)
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
        if (k != 1 && !model.isClassifier()) {
            throw new IllegalArgumentException("the network has " + k + " outputs but loss " + spec.loss()
                    + ": a data file has one label per event, so use 1 output, or cross_entropy with class labels");
        }
        this.xs = new double[batchSize * d];
        this.ys = new double[batchSize * k];
        this.targetClasses = new int[batchSize];
        this.predictions = new double[batchSize * k];
    }

    /**
     * Learns every example of {@code source}, in order.
     *
     * @param source the examples; read to its end, not closed
     * @return the pass's prequential loss and accuracy
     * @throws IllegalArgumentException if an example has the wrong number of features or a label the loss cannot
     *     learn (the message gives its 1-based number in the pass, and its line for a file); the examples before
     *     it in its batch are not learned
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
                throw new IllegalArgumentException(where(events, source) + " has " + e.dimension()
                        + " features, the network's input size is " + d);
            }
            System.arraycopy(e.features(), 0, xs, filled * d, d);
            Target target = target(e.label(), events, source);
            target.writeTo(ys, filled * k, k);
            targetClasses[filled] = model.targetClass(target);
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
        boolean classifier = model.isClassifier();
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
            return model.learn(Arrays.copyOf(xs, d), Arrays.copyOf(ys, k), predictions);
        }
        return model.learnBatch(m, xs, ys, null, predictions) * m;
    }

    private long correct(int m) {
        long c = 0;
        for (int r = 0; r < m; r++) {
            int predicted = model.predictedClass(predictions, r * k);
            c += predicted >= 0 && predicted == targetClasses[r] ? 1 : 0;
        }
        return c;
    }

    /**
     * The label as a target, checked against the loss: {@code [label]} with one output, else a class index.
     *
     * @throws IllegalArgumentException naming the example if the loss cannot learn it
     */
    private Target target(double label, long event, ExampleSource source) {
        Target target;
        if (k == 1) {
            target = Target.of(label);
        } else if (label != Math.rint(label) || Math.abs(label) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where(event, source) + " has label " + label
                    + ", not a class index in [0, " + k + ")");
        } else {
            target = Target.classIndex((int) label);
        }
        try {
            model.checkTarget(target);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(where(event, source) + " has label " + label + ", out of range: "
                    + e.getMessage(), e);
        }
        return target;
    }

    private static String where(long event, ExampleSource source) {
        String position = source.position();
        return "example " + event + (position == null ? "" : " (" + position + ")");
    }
}
