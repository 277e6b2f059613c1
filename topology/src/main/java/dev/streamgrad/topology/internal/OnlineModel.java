package dev.streamgrad.topology.internal;

import java.util.List;

/**
 * What the learner processor needs from a model: the seam between the topology and {@code dev.streamgrad.model}.
 * Implementations only delegate (no math in the topology). Not thread-safe.
 */
public interface OnlineModel {

    /** @return d, the length of x */
    int inputSize();

    /** @return k, the length of the output */
    int outputSize();

    /** @return true if the targets are class indexes (the prediction carries an arg-max class) */
    boolean classifier();

    /** @return the number of updates applied: the model version */
    long version();

    /**
     * @param x   the features; not modified
     * @param out modified: receives the output
     */
    void predict(double[] x, double[] out);

    /**
     * Learns one example (a batch of one).
     *
     * @param e   the example; not modified
     * @param out modified: receives the prediction made before the update
     * @return the loss of that prediction
     * @throws dev.streamgrad.model.NonFiniteUpdateException if the update was refused (model unchanged)
     */
    double learn(WalEntry e, double[] out);

    /**
     * Learns a micro-batch in one update.
     *
     * @param batch the examples, in order; not modified
     * @param out   modified: receives the m x k predictions made before the update, row-major
     * @return the mean loss of those predictions
     * @throws dev.streamgrad.model.NonFiniteUpdateException if the update was refused (model unchanged)
     */
    double learnBatch(List<WalEntry> batch, double[] out);

    /** @return the complete state (weights, optimiser, scaler, counters) as bytes, bit-exact */
    byte[] toBytes();
}
