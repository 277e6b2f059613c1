package dev.streamgrad.topology.internal;

import dev.streamgrad.model.Model;
import dev.streamgrad.model.state.ModelStateCodec;
import java.util.List;

/** {@link OnlineModel} over {@link Model}: delegation only. */
final class ModelAdapter implements OnlineModel {
    private final Model model;
    private final boolean classifier;

    ModelAdapter(Model model) {
        this.model = model;
        String loss = model.spec().loss().name();
        this.classifier = loss.equals("cross_entropy") || loss.equals("binary_cross_entropy");
    }

    Model model() {
        return model;
    }

    @Override
    public int inputSize() {
        return model.inputSize();
    }

    @Override
    public int outputSize() {
        return model.outputSize();
    }

    @Override
    public boolean classifier() {
        return classifier;
    }

    @Override
    public long version() {
        return model.updates();
    }

    @Override
    public void predict(double[] x, double[] out) {
        model.predict(x, out);
    }

    @Override
    public double learn(WalEntry e, double[] out) {
        if (e.y() != null) {
            return model.learn(e.x(), e.y(), out);
        }
        if (model.outputSize() == 1) {
            return model.learn(e.x(), new double[] {e.classIndex()}, out);
        }
        return model.learn(e.x(), e.classIndex(), out);
    }

    @Override
    public double learnBatch(List<WalEntry> batch, double[] out) {
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

    @Override
    public byte[] toBytes() {
        return ModelStateCodec.toBytes(model.state());
    }
}
