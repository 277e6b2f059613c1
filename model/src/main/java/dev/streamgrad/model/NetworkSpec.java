package dev.streamgrad.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgrad.model.activation.Activation;
import dev.streamgrad.model.init.Initializer;
import dev.streamgrad.model.loss.Loss;
import dev.streamgrad.model.optim.OptimizerSpec;
import dev.streamgrad.model.optim.OptimizerType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to build a network, validated on construction (the only way to make a {@link Model}).
 * Immutable. Build with {@link #builder()}; text forms: {@link #toJson()}/{@link #fromJson(String)} and the compact
 * layer string {@code "8,16:tanh,1:identity"} ({@link #layersString()}, {@link Builder#layers(String)}).
 *
 * @param inputSize d = n_0 ≥ 1
 * @param layers the layers 1..L, at least one; softmax only on the last
 * @param loss the loss; must pair with the output activation (MATH.md's table)
 * @param optimizer the optimiser and its learning-rate schedule
 * @param initializer one initialiser for every layer, or null for the default of each layer's activation
 *                    ({@link Initializer#defaultFor})
 * @param l2 λ ≥ 0, L2 weight decay on weights (not biases)
 * @param seed seed of the initialisation
 * @param scaling standardise inputs online (Welford)
 * @param scalingEpsilon ε &gt; 0 of x' = (x − mean)/√(var + ε)
 * @param clipNorm global L2-norm bound of the gradient; 0 = no clipping
 */
public record NetworkSpec(int inputSize, List<LayerSpec> layers, Loss loss, OptimizerSpec optimizer,
                          Initializer initializer, double l2, long seed, boolean scaling, double scalingEpsilon,
                          double clipNorm) {

    private static final ObjectMapper MAPPER = StrictJson.mapper();
    private static final List<String> KEYS = List.of("input_size", "layers", "loss", "optimizer", "initializer", "l2",
            "seed", "scaling", "scaling_epsilon", "clip_norm");
    private static final List<String> LAYER_KEYS = List.of("size", "activation");
    private static final List<String> OPTIMIZER_KEYS = List.of("type", "learning_rate", "lr_power", "momentum",
            "nesterov", "rho", "beta1", "beta2", "epsilon");

    /** The most values one Java array holds on common JVMs: a layer's weight matrix must fit (n_l·n_{l−1} ≤ this). */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /** @throws InvalidSpecException naming the first invalid field */
    public NetworkSpec {
        layers = List.copyOf(layers == null ? List.of() : layers);
        validate(inputSize, layers, loss, optimizer, l2, scalingEpsilon, clipNorm);
    }

    /** @return a builder with the defaults: squared_error, sgd(0.01), no L2, seed 0, no scaling (ε 1e-8), no clipping */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.inputSize = inputSize;
        b.layers.addAll(layers);
        b.loss = loss;
        b.optimizer = optimizer;
        b.initializer = initializer;
        b.l2 = l2;
        b.seed = seed;
        b.scaling = scaling;
        b.scalingEpsilon = scalingEpsilon;
        b.clipNorm = clipNorm;
        return b;
    }

    /** @return L, the number of layers */
    public int depth() {
        return layers.size();
    }

    /** @return n_l for l = 0..L (n_0 = d) */
    public int size(int l) {
        return l == 0 ? inputSize : layers.get(l - 1).size();
    }

    /**
     * @return n_l·n_{l−1}, the number of weights of layer l = 1..L; fits in an {@code int} and in one Java array
     *     (checked on construction)
     */
    public int weightCount(int l) {
        return Math.multiplyExact(size(l), size(l - 1));
    }

    /** @return n_L */
    public int outputSize() {
        return layers.get(layers.size() - 1).size();
    }

    /** @return the initialiser of layer l (1-based) */
    public Initializer initializerOf(int l) {
        return initializer != null ? initializer : Initializer.defaultFor(layers.get(l - 1).activation());
    }

    /** @return the compact form {@code "d,n1:act1,...,nL:actL"}, e.g. {@code "8,16:tanh,1:identity"} */
    public String layersString() {
        StringBuilder sb = new StringBuilder().append(inputSize);
        for (LayerSpec l : layers) {
            sb.append(',').append(l);
        }
        return sb.toString();
    }

    private static void validate(int d, List<LayerSpec> layers, Loss loss, OptimizerSpec opt, double l2,
                                 double eps, double clip) {
        if (d < 1) {
            throw new InvalidSpecException("input_size", "must be ≥ 1, got " + d);
        }
        if (layers.isEmpty()) {
            throw new InvalidSpecException("layers", "at least one layer is needed");
        }
        int last = layers.size() - 1;
        for (int i = 0; i <= last; i++) {
            LayerSpec l = layers.get(i);
            if (l.size() < 1) {
                throw new InvalidSpecException("layers[" + i + "].size", "must be ≥ 1, got " + l.size());
            }
            long weights = (long) l.size() * (i == 0 ? d : layers.get(i - 1).size());   // < 2^62: exact
            if (weights > MAX_ARRAY_LENGTH) {
                // A layer's weights live in one array: refuse here, before any int product can wrap.
                long params = ModelSize.parameters(d, layers);
                throw new InvalidSpecException("layers[" + i + "].size", String.format(java.util.Locale.ROOT,
                        "too large: %,d parameters (%s): layer %d's %,d×%,d weights exceed the largest Java array"
                        + " (%,d values)", params, ModelSize.humanBytes(ModelSize.saturatingMultiply(params, 8)),
                        i + 1, l.size(), i == 0 ? d : layers.get(i - 1).size(), MAX_ARRAY_LENGTH));
            }
            Activation a = l.activation();
            if (!a.elementwise() && i != last) {
                throw new InvalidSpecException("layers[" + i + "].activation",
                        "softmax is only allowed on the output layer (hidden layer " + i + ")");
            }
            if (a instanceof dev.streamgrad.model.activation.LeakyRelu lr
                    && !(Double.isFinite(lr.alpha()) && lr.alpha() >= 0)) {
                throw new InvalidSpecException("layers[" + i + "].activation", "leaky_relu alpha must be finite and ≥ 0, got " + lr.alpha());
            }
        }
        if (loss == null) {
            throw new InvalidSpecException("loss", "is required");
        }
        Activation out = layers.get(last).activation();
        String outField = "layers[" + last + "].activation";
        switch (loss.name()) {
            case "cross_entropy":
                if (!out.name().equals("softmax")) {
                    throw new InvalidSpecException("loss", "cross_entropy needs a softmax output layer, got " + out);
                }
                if (layers.get(last).size() < 2) {
                    throw new InvalidSpecException("layers[" + last + "].size", "softmax needs ≥ 2 outputs, got "
                            + layers.get(last).size());
                }
                break;
            case "binary_cross_entropy":
                if (!out.name().equals("sigmoid")) {
                    throw new InvalidSpecException("loss", "binary_cross_entropy needs a sigmoid output layer, got " + out);
                }
                break;
            default:
                if (loss instanceof dev.streamgrad.model.loss.Huber h && !(Double.isFinite(h.delta()) && h.delta() > 0)) {
                    throw new InvalidSpecException("loss", "huber delta must be finite and > 0, got " + h.delta());
                }
                if (!out.elementwise()) {
                    throw new InvalidSpecException(outField, "softmax output needs loss cross_entropy, got " + loss);
                }
        }
        if (opt == null) {
            throw new InvalidSpecException("optimizer", "is required");
        }
        if (!(Double.isFinite(opt.learningRate()) && opt.learningRate() > 0)) {
            throw new InvalidSpecException("optimizer.learning_rate", "must be finite and > 0, got " + opt.learningRate());
        }
        if (!(Double.isFinite(opt.lrPower()) && opt.lrPower() >= 0)) {
            throw new InvalidSpecException("optimizer.lr_power", "must be finite and ≥ 0, got " + opt.lrPower());
        }
        switch (opt.type()) {
            case MOMENTUM:
                requireUnit("optimizer.momentum", opt.momentum());
                break;
            case RMSPROP:
                requireUnit("optimizer.rho", opt.rho());
                requirePositive("optimizer.epsilon", opt.epsilon());
                break;
            case ADAM:
                requireUnit("optimizer.beta1", opt.beta1());
                requireUnit("optimizer.beta2", opt.beta2());
                requirePositive("optimizer.epsilon", opt.epsilon());
                break;
            case ADAGRAD:
                requirePositive("optimizer.epsilon", opt.epsilon());
                break;
            default:
                break;
        }
        if (!(Double.isFinite(l2) && l2 >= 0)) {
            throw new InvalidSpecException("l2", "must be finite and ≥ 0, got " + l2);
        }
        requirePositive("scaling_epsilon", eps);
        if (!(Double.isFinite(clip) && clip >= 0)) {
            throw new InvalidSpecException("clip_norm", "must be finite and ≥ 0 (0 = off), got " + clip);
        }
    }

    private static void requireUnit(String field, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new InvalidSpecException(field, "must be in [0, 1), got " + v);
        }
    }

    private static void requirePositive(String field, double v) {
        if (!(Double.isFinite(v) && v > 0)) {
            throw new InvalidSpecException(field, "must be finite and > 0, got " + v);
        }
    }

    // ---------------------------------------------------------------- JSON

    /**
     * @return the spec as a JSON object with a fixed field order:
     *     {@code {"input_size":8,"layers":[{"size":16,"activation":"tanh"},...],"loss":"squared_error",
     *     "optimizer":{"type":"adam","learning_rate":0.001,"lr_power":0.0,...},"initializer":null,"l2":0.0,"seed":0,
     *     "scaling":false,"scaling_epsilon":1.0E-8,"clip_norm":0.0}}
     */
    public ObjectNode toJsonNode() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("input_size", inputSize);
        ArrayNode ls = o.putArray("layers");
        for (LayerSpec l : layers) {
            ls.addObject().put("size", l.size()).put("activation", l.activation().toString());
        }
        o.put("loss", loss.toString());
        ObjectNode op = o.putObject("optimizer");
        op.put("type", optimizer.type().jsonName());
        op.put("learning_rate", optimizer.learningRate());
        op.put("lr_power", optimizer.lrPower());
        op.put("momentum", optimizer.momentum());
        op.put("nesterov", optimizer.nesterov());
        op.put("rho", optimizer.rho());
        op.put("beta1", optimizer.beta1());
        op.put("beta2", optimizer.beta2());
        op.put("epsilon", optimizer.epsilon());
        if (initializer == null) {
            o.putNull("initializer");
        } else {
            o.put("initializer", initializer.jsonName());
        }
        o.put("l2", l2);
        o.put("seed", seed);
        o.put("scaling", scaling);
        o.put("scaling_epsilon", scalingEpsilon);
        o.put("clip_norm", clipNorm);
        return o;
    }

    /** @return {@link #toJsonNode()} as a compact JSON string (stable: same spec, same string) */
    public String toJson() {
        return toJsonNode().toString();
    }

    /**
     * Reads {@link #toJson()}'s form. Missing optional fields take the builder's defaults. Strict: an unknown key
     * (with a "did you mean"), a duplicate key, or a size that is not an exact {@code int} is refused.
     *
     * @throws InvalidSpecException for a malformed document or an invalid spec, naming the field
     */
    public static NetworkSpec fromJson(String json) {
        try {
            return fromJsonNode(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new InvalidSpecException("spec", "malformed JSON: " + e.getMessage());
        }
    }

    /**
     * Reads the object written by {@link #toJsonNode()}, strictly as {@link #fromJson}.
     *
     * @throws InvalidSpecException naming the field
     */
    public static NetworkSpec fromJsonNode(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new InvalidSpecException("spec", "must be a JSON object");
        }
        StrictJson.requireKnownKeys(o, "", KEYS);
        Builder b = builder();
        b.inputSize(exactInt("input_size", requireField(o, "input_size")));
        JsonNode ls = requireField(o, "layers");
        if (!ls.isArray()) {
            throw new InvalidSpecException("layers", "must be an array of {\"size\":n,\"activation\":\"...\"}");
        }
        for (int i = 0; i < ls.size(); i++) {
            JsonNode l = ls.get(i);
            if (!l.isObject()) {
                throw new InvalidSpecException("layers[" + i + "]", "must be an object {\"size\":n,\"activation\":\"...\"}");
            }
            StrictJson.requireKnownKeys(l, "layers[" + i + "]", LAYER_KEYS);
            b.layer(exactInt("layers[" + i + "].size", requireField(l, "size")), parse("layers[" + i + "].activation",
                    () -> Activation.parse(requireField(l, "activation").asText())));
        }
        if (o.hasNonNull("loss")) {
            b.loss(parse("loss", () -> Loss.parse(o.get("loss").asText())));
        }
        if (o.hasNonNull("optimizer")) {
            JsonNode op = o.get("optimizer");
            if (!op.isObject()) {
                throw new InvalidSpecException("optimizer", "must be an object {\"type\":...}");
            }
            StrictJson.requireKnownKeys(op, "optimizer", OPTIMIZER_KEYS);
            OptimizerType t = parse("optimizer.type", () -> OptimizerType.parse(requireField(op, "type").asText()));
            OptimizerSpec d = OptimizerSpec.of(t, 0.01);
            b.optimizer(new OptimizerSpec(t, op.path("learning_rate").asDouble(d.learningRate()),
                    op.path("lr_power").asDouble(0), op.path("momentum").asDouble(d.momentum()),
                    op.path("nesterov").asBoolean(false), op.path("rho").asDouble(d.rho()),
                    op.path("beta1").asDouble(d.beta1()), op.path("beta2").asDouble(d.beta2()),
                    op.path("epsilon").asDouble(d.epsilon())));
        }
        if (o.hasNonNull("initializer")) {
            b.initializer(parse("initializer", () -> Initializer.parse(o.get("initializer").asText())));
        }
        b.l2(o.path("l2").asDouble(0));
        b.seed(o.path("seed").asLong(0));
        b.scaling(o.path("scaling").asBoolean(false));
        b.scalingEpsilon(o.path("scaling_epsilon").asDouble(Builder.DEFAULT_SCALING_EPSILON));
        b.clipNorm(o.path("clip_norm").asDouble(0));
        return b.build();
    }

    /** @return v as an int, refusing fractions and values out of int range (asInt() would wrap them) */
    private static int exactInt(String field, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidSpecException(field, "must be an integer from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + ", got " + v);
        }
        return v.intValue();
    }

    private static JsonNode requireField(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            throw new InvalidSpecException(name, "is required");
        }
        return v;
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> p) {
        try {
            return p.get();
        } catch (InvalidSpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException(field, e.getMessage());
        }
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        /** ε of the scaler unless set. */
        public static final double DEFAULT_SCALING_EPSILON = 1e-8;

        private int inputSize;
        private final List<LayerSpec> layers = new ArrayList<>();
        private Loss loss = Loss.squaredError();
        private OptimizerSpec optimizer = OptimizerSpec.sgd(0.01);
        private Initializer initializer;
        private double l2;
        private long seed;
        private boolean scaling;
        private double scalingEpsilon = DEFAULT_SCALING_EPSILON;
        private double clipNorm;

        private Builder() {
        }

        public Builder inputSize(int d) {
            this.inputSize = d;
            return this;
        }

        /** Appends a layer. */
        public Builder layer(int size, Activation activation) {
            layers.add(new LayerSpec(size, activation));
            return this;
        }

        /** Appends a layer, activation by name, e.g. {@code layer(16, "tanh")}. */
        public Builder layer(int size, String activation) {
            return layer(size, Activation.parse(activation));
        }

        /**
         * Sets input size and all layers from the compact form {@code "d,n1:act1,...,nL:actL"}, e.g.
         * {@code "8,16:tanh,1:identity"} (replacing layers added before).
         *
         * @throws InvalidSpecException for a malformed string
         */
        public Builder layers(String compact) {
            String[] parts = compact.split(",");
            layers.clear();
            try {
                inputSize = Integer.parseInt(parts[0].trim());
            } catch (NumberFormatException e) {
                throw new InvalidSpecException("input_size", "not an integer in '" + compact + "'");
            }
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int c = p.indexOf(':');
                String field = "layers[" + (i - 1) + "]";
                if (c < 0) {
                    throw new InvalidSpecException(field, "expected size:activation, got '" + p + "'");
                }
                int size;
                try {
                    size = Integer.parseInt(p.substring(0, c).trim());
                } catch (NumberFormatException e) {
                    throw new InvalidSpecException(field + ".size", "not an integer in '" + p + "'");
                }
                layer(size, parse(field + ".activation", () -> Activation.parse(p.substring(c + 1))));
            }
            return this;
        }

        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        public Builder loss(String loss) {
            return loss(parse("loss", () -> Loss.parse(loss)));
        }

        public Builder optimizer(OptimizerSpec optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** @param initializer null = the default of each layer's activation */
        public Builder initializer(Initializer initializer) {
            this.initializer = initializer;
            return this;
        }

        public Builder l2(double lambda) {
            this.l2 = lambda;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder scaling(boolean on) {
            this.scaling = on;
            return this;
        }

        public Builder scalingEpsilon(double eps) {
            this.scalingEpsilon = eps;
            return this;
        }

        /** @param maxNorm bound of the gradient's global L2 norm; 0 = off */
        public Builder clipNorm(double maxNorm) {
            this.clipNorm = maxNorm;
            return this;
        }

        /** @throws InvalidSpecException naming the first invalid field */
        public NetworkSpec build() {
            return new NetworkSpec(inputSize, layers, loss, optimizer, initializer, l2, seed, scaling, scalingEpsilon,
                    clipNorm);
        }
    }

}
