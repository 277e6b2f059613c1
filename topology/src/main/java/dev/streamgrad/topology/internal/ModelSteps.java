package dev.streamgrad.topology.internal;

import dev.streamgrad.model.InvalidInputException;
import dev.streamgrad.model.Model;
import dev.streamgrad.serde.avro.DeadLetterReason;
import java.util.List;

/**
 * The topology's calls into the model library for a logged example: learn one, learn a batch, and the target
 * checks and classes. The live path and replay both go through here, so they learn exactly alike.
 */
final class ModelSteps {

    private ModelSteps() {
    }

    /** @return true if the model's loss classifies (the prediction carries a class) */
    static boolean classifier(Model model) {
        String loss = model.spec().loss().name();
        return loss.equals("cross_entropy") || loss.equals("binary_cross_entropy");
    }

    /** @return the class an output row predicts, or -1 if the model does not classify */
    static int predictedClass(Model model, double[] out) {
        if (!classifier(model)) {
            return -1;
        }
        if (out.length == 1) {
            return out[0] >= 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int i = 1; i < out.length; i++) {
            if (out[i] > out[best]) {
                best = i;
            }
        }
        return best;
    }

    /** @return the true class of a logged example, or -1 if the model does not classify */
    static int targetClass(Model model, WalEntry e) {
        if (!classifier(model)) {
            return -1;
        }
        if (e.y() == null) {
            return e.classIndex();
        }
        return predictedClass(model, e.y());
    }

    /** @throws Rejection LABEL_OUT_OF_RANGE if the model cannot learn class index c */
    static void checkClassIndex(Model model, int c) throws Rejection {
        int classes = Math.max(2, model.outputSize());
        if (!classifier(model) || c < 0 || c >= classes) {
            throw new Rejection(DeadLetterReason.LABEL_OUT_OF_RANGE, "class index " + c
                    + (classifier(model) ? " is not in [0, " + classes + ")" : " given to a regression model"),
                    null, "target");
        }
    }

    /** @throws Rejection LABEL_OUT_OF_RANGE if the loss cannot take the target vector y */
    static void checkVector(Model model, double[] y) throws Rejection {
    }

    /**
     * Learns one logged example.
     *
     * @param out modified: the prediction made before the update
     * @return the (weighted) loss of that prediction
     * @throws dev.streamgrad.model.NonFiniteUpdateException if the update was refused (model unchanged)
     */
    static double learn(Model model, WalEntry e, double[] out) {
        if (e.y() != null) {
            return model.learn(e.x(), e.y(), out);
        }
        if (model.outputSize() == 1) {
            return model.learn(e.x(), new double[] {e.classIndex()}, out);
        }
        return model.learn(e.x(), e.classIndex(), out);
    }

    /**
     * Learns logged examples in one update.
     *
     * @param out modified: the m x k predictions made before the update, row-major
     * @return the mean (weighted) loss of those predictions
     * @throws dev.streamgrad.model.NonFiniteUpdateException if the update was refused (model unchanged)
     */
    static double learnBatch(Model model, List<WalEntry> batch, double[] out) {
        int m = batch.size();
        int d = model.inputSize();
        int k = model.outputSize();
        double[] xs = new double[m * d];
        double[] ys = new double[m * k];
        for (int r = 0; r < m; r++) {
            WalEntry e = batch.get(r);
            System.arraycopy(e.x(), 0, xs, r * d, d);
            if (e.y() != null) {
                System.arraycopy(e.y(), 0, ys, r * k, k);
            } else if (k == 1) {
                ys[r] = e.classIndex();
            } else {
                ys[r * k + e.classIndex()] = 1.0;
            }
        }
        return model.learnBatch(m, xs, ys, out);
    }

    /** @return the rejection of a model's refusal of an input it was given */
    static Rejection rejection(InvalidInputException e) {
        return new Rejection(DeadLetterReason.LABEL_OUT_OF_RANGE, e.getMessage(), null, "target");
    }
}
