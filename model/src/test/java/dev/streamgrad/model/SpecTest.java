package dev.streamgrad.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamgrad.model.activation.Activation;
import dev.streamgrad.model.init.Initializer;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.optim.OptimizerType;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** NetworkSpec validation (messages name the field), text forms, and initialisation. */
class SpecTest {

    static void rejects(String field, String fragment, Supplier<NetworkSpec> build) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, build::get);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    static NetworkSpec.Builder base() {
        return NetworkSpec.builder().layers("3,4:tanh,1:identity");
    }

    @Test
    void invalidSpecsNameTheField() {
        rejects("layers[0].activation", "only allowed on the output layer",
                () -> NetworkSpec.builder().layers("3,4:softmax,2:softmax").loss("cross_entropy").build());
        rejects("loss", "cross_entropy needs a softmax output", () -> base().loss("cross_entropy").build());
        rejects("loss", "binary_cross_entropy needs a sigmoid output",
                () -> NetworkSpec.builder().layers("3,2:softmax").loss("binary_cross_entropy").build());
        rejects("loss", "binary_cross_entropy needs a sigmoid output", () -> base().loss("binary_cross_entropy").build());
        rejects("layers[1].activation", "softmax output needs loss cross_entropy",
                () -> NetworkSpec.builder().layers("3,4:tanh,2:softmax").build());
        rejects("layers[0].size", "must be ≥ 1, got 0", () -> NetworkSpec.builder().layers("3,0:tanh,1:identity").build());
        rejects("input_size", "must be ≥ 1, got 0", () -> NetworkSpec.builder().layers("0,1:identity").build());
        rejects("layers", "at least one layer", () -> NetworkSpec.builder().inputSize(3).build());
        rejects("l2", "got -0.1", () -> base().l2(-0.1).build());
        rejects("optimizer.learning_rate", "> 0, got 0.0", () -> base().optimizer(OptimizerSpec.sgd(0)).build());
        rejects("optimizer.learning_rate", "got -1.0", () -> base().optimizer(OptimizerSpec.sgd(-1)).build());
        rejects("optimizer.beta1", "[0, 1), got 1.0",
                () -> base().optimizer(OptimizerSpec.adam(0.1, 1.0, 0.999, 1e-8)).build());
        rejects("optimizer.beta2", "[0, 1), got -0.5",
                () -> base().optimizer(OptimizerSpec.adam(0.1, 0.9, -0.5, 1e-8)).build());
        rejects("optimizer.momentum", "[0, 1)", () -> base().optimizer(OptimizerSpec.momentum(0.1, 1.5, false)).build());
        rejects("optimizer.rho", "[0, 1)", () -> base().optimizer(OptimizerSpec.rmsprop(0.1, 1, 1e-8)).build());
        rejects("optimizer.epsilon", "> 0", () -> base().optimizer(OptimizerSpec.adagrad(0.1, 0)).build());
        rejects("optimizer.lr_power", "≥ 0", () -> base().optimizer(OptimizerSpec.sgd(0.1).withLrPower(-1)).build());
        rejects("clip_norm", "≥ 0", () -> base().clipNorm(-1).build());
        rejects("scaling_epsilon", "> 0", () -> base().scalingEpsilon(0).build());
        rejects("loss", "huber delta", () -> base().loss("huber(0)").build());
        rejects("layers[1].activation", "unknown activation 'swish'", () -> NetworkSpec.builder().layers("3,4:tanh,1:swish").build());
        rejects("layers[1].size", "softmax needs ≥ 2", () -> NetworkSpec.builder().layers("3,4:tanh,1:softmax").loss("cross_entropy").build());
    }

    @Test
    void jsonAndCompactFormsRoundTrip() {
        NetworkSpec spec = NetworkSpec.builder().layers("8,16:tanh,4:leaky_relu(0.2),3:softmax").loss("cross_entropy")
                .optimizer(OptimizerSpec.adam(0.001, 0.8, 0.99, 1e-7).withLrPower(0.25)).initializer(Initializer.HE_NORMAL)
                .l2(1e-4).seed(99).scaling(true).scalingEpsilon(1e-6).clipNorm(5).build();
        assertEquals("8,16:tanh,4:leaky_relu(0.2),3:softmax", spec.layersString());
        String json = spec.toJson();
        assertEquals(spec, NetworkSpec.fromJson(json));
        assertEquals(json, NetworkSpec.fromJson(json).toJson(), "stable text");
        assertTrue(json.startsWith("{\"input_size\":8,\"layers\":[{\"size\":16,\"activation\":\"tanh\"}"), json);
        NetworkSpec compact = NetworkSpec.builder().layers(spec.layersString()).loss("cross_entropy").build();
        assertEquals(spec.layers(), compact.layers());
        NetworkSpec minimal = NetworkSpec.fromJson("{\"input_size\":2,\"layers\":[{\"size\":1,\"activation\":\"identity\"}]}");
        assertEquals(OptimizerType.SGD, minimal.optimizer().type());
        rejects("optimizer.type", "unknown optimizer 'lbfgs'", () -> NetworkSpec.fromJson(
                "{\"input_size\":2,\"layers\":[{\"size\":1,\"activation\":\"identity\"}],\"optimizer\":{\"type\":\"lbfgs\"}}"));
        rejects("spec", "malformed JSON", () -> NetworkSpec.fromJson("{"));
    }

    @Test
    void initialisationIsSeededAndScaled() {
        NetworkSpec tanh = NetworkSpec.builder().layers("200,100:tanh,1:identity").seed(5).build();
        double[] w = Model.create(tanh).state().weights(1);
        double r = Math.sqrt(6.0 / 300);
        double max = 0;
        double sq = 0;
        for (double v : w) {
            max = Math.max(max, Math.abs(v));
            sq += v * v;
        }
        assertTrue(max <= r, "glorot_uniform within ±r");
        assertEquals(r * r / 3, sq / w.length, 0.05 * r * r / 3, "variance r²/3");
        assertEquals(Model.create(tanh).state(), Model.create(tanh).state(), "same seed, same weights");

        NetworkSpec relu = NetworkSpec.builder().layers("200,100:relu,1:identity").seed(5).build();
        assertEquals(Initializer.HE_NORMAL, relu.initializerOf(1));
        assertEquals(Initializer.GLOROT_UNIFORM, relu.initializerOf(2));
        double[] h = Model.create(relu).state().weights(1);
        double mean = 0;
        double var = 0;
        for (double v : h) {
            mean += v;
        }
        mean /= h.length;
        for (double v : h) {
            var += (v - mean) * (v - mean);
        }
        var /= h.length;
        assertEquals(0, mean, 0.01);
        assertEquals(2.0 / 200, var, 0.05 * 2.0 / 200, "he_normal variance 2/n_in");
        for (double b : Model.create(relu).state().bias(1)) {
            assertEquals(0.0, b);
        }
        assertEquals("leaky_relu(0.01)", Activation.parse("leaky_relu").toString());
    }
}
