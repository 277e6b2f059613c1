package dev.streamgrad.model.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamgrad.model.InvalidSpecException;
import dev.streamgrad.model.NetworkSpec;
import java.io.IOException;

/**
 * Weights exchange format (JSON), for other tools (e.g. PyTorch: each {@code weights} is {@code nn.Linear.weight},
 * n_out × n_in, and {@code bias} is {@code nn.Linear.bias}). Doubles are written in their shortest exact decimal
 * form, so export → import gives the same bits. Optimiser state and counters are not part of it (use
 * {@link ModelStateCodec} for a complete snapshot); the scaler's statistics are, when scaling is on.
 *
 * <pre>
 * {"format":"streamgrad-weights","version":1,"spec":{...NetworkSpec JSON...},
 *  "layers":[{"weights":[[row0...],[row1...]],"bias":[...],"activation":"tanh"}, ...],
 *  "scaler":{"count":10,"mean":[...],"m2":[...]}}          (scaler only when spec.scaling is true)
 * </pre>
 */
public final class WeightsJson {
    public static final String FORMAT = "streamgrad-weights";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = dev.streamgrad.model.StrictJson.mapper();

    private WeightsJson() {
    }

    /** @return the JSON text of the state's spec, weights and biases (and scaler); the state is not modified */
    public static String toJson(ModelState s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.set("spec", s.spec().toJsonNode());
        ArrayNode layers = o.putArray("layers");
        NetworkSpec spec = s.spec();
        for (int l = 1; l <= s.depth(); l++) {
            ObjectNode lo = layers.addObject();
            ArrayNode rows = lo.putArray("weights");
            int nIn = spec.size(l - 1);
            double[] w = s.weights(l);
            for (int i = 0; i < spec.size(l); i++) {
                ArrayNode row = rows.addArray();
                for (int j = 0; j < nIn; j++) {
                    row.add(w[i * nIn + j]);   // < weightCount(l): no overflow
                }
            }
            ArrayNode b = lo.putArray("bias");
            for (double v : s.bias(l)) {
                b.add(v);
            }
            lo.put("activation", spec.layers().get(l - 1).activation().toString());
        }
        if (spec.scaling() && s.scalerMean().length > 0) {
            ObjectNode sc = o.putObject("scaler");
            sc.put("count", s.scalerCount());
            ArrayNode mean = sc.putArray("mean");
            for (double v : s.scalerMean()) {
                mean.add(v);
            }
            ArrayNode m2 = sc.putArray("m2");
            for (double v : s.scalerM2()) {
                m2.add(v);
            }
        }
        return o.toString();
    }

    /**
     * Reads {@link #toJson}'s form into a state with fresh optimiser state and counters 0.
     *
     * @throws StateFormatException for a wrong format/version or shapes that do not match the spec (expected vs got)
     * @throws InvalidSpecException for an invalid spec
     */
    public static ModelState fromJson(String json) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new StateFormatException("weights JSON: malformed: " + e.getMessage(), e);
        }
        if (o == null || !FORMAT.equals(o.path("format").asText())) {
            throw new StateFormatException("weights JSON: \"format\" must be \"" + FORMAT + "\"");
        }
        if (o.path("version").asInt(-1) != VERSION) {
            throw new StateFormatException("weights JSON: unsupported version " + o.path("version") + " (this reader: "
                    + VERSION + ")");
        }
        NetworkSpec spec = NetworkSpec.fromJsonNode(o.get("spec"));
        JsonNode layers = o.path("layers");
        if (layers.size() != spec.depth()) {
            throw new StateFormatException("weights JSON: expected " + spec.depth() + " layers, got " + layers.size());
        }
        double[][] w = new double[spec.depth()][];
        double[][] b = new double[spec.depth()][];
        for (int l = 1; l <= spec.depth(); l++) {
            JsonNode lo = layers.get(l - 1);
            int nOut = spec.size(l);
            int nIn = spec.size(l - 1);
            JsonNode rows = lo.path("weights");
            if (rows.size() != nOut) {
                throw new StateFormatException("weights JSON: layers[" + (l - 1) + "].weights: expected " + nOut
                        + " rows, got " + rows.size());
            }
            for (int i = 0; i < nOut; i++) {
                // Every shape is checked before the matrix is allocated: a spec cannot make us allocate more
                // than the document holds.
                JsonNode row = rows.get(i);
                if (!row.isArray() || row.size() != nIn) {
                    throw new StateFormatException("weights JSON: layers[" + (l - 1) + "].weights[" + i + "]: expected "
                            + nIn + " columns, got " + (row.isArray() ? row.size() : "no array"));
                }
            }
            w[l - 1] = new double[spec.weightCount(l)];
            for (int i = 0; i < nOut; i++) {
                JsonNode row = rows.get(i);
                for (int j = 0; j < nIn; j++) {
                    w[l - 1][i * nIn + j] = number(row.get(j), "layers[" + (l - 1) + "].weights");
                }
            }
            b[l - 1] = vector(lo.path("bias"), nOut, "layers[" + (l - 1) + "].bias");
            String act = lo.path("activation").asText(null);
            String expected = spec.layers().get(l - 1).activation().toString();
            if (act != null && !dev.streamgrad.model.activation.Activation.parse(act).equals(
                    spec.layers().get(l - 1).activation())) {
                throw new StateFormatException("weights JSON: layers[" + (l - 1) + "].activation is " + act
                        + " but the spec says " + expected);
            }
        }
        ModelState fresh = ModelState.ofWeights(spec, w, b);
        JsonNode sc = o.get("scaler");
        if (sc == null || sc.isNull() || !spec.scaling()) {
            return fresh;
        }
        int d = spec.inputSize();
        double[] mean = vector(sc.path("mean"), d, "scaler.mean");
        double[] m2 = vector(sc.path("m2"), d, "scaler.m2");
        double[][] ws = new double[spec.depth()][];
        double[][] bs = new double[spec.depth()][];
        double[][][] wsl = new double[spec.depth()][][];
        double[][][] bsl = new double[spec.depth()][][];
        for (int l = 1; l <= spec.depth(); l++) {
            ws[l - 1] = fresh.weights(l);
            bs[l - 1] = fresh.bias(l);
            wsl[l - 1] = fresh.weightSlots(l);
            bsl[l - 1] = fresh.biasSlots(l);
        }
        return ModelState.wrap(spec, ws, bs, wsl, bsl, 0, 0, sc.path("count").asLong(0), mean, m2);
    }

    private static double[] vector(JsonNode a, int n, String field) {
        if (!a.isArray() || a.size() != n) {
            throw new StateFormatException("weights JSON: " + field + ": expected " + n + " values, got "
                    + (a.isArray() ? a.size() : "no array"));
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = number(a.get(i), field);
        }
        return v;
    }

    private static double number(JsonNode v, String field) {
        if (v == null || !v.isNumber()) {
            throw new StateFormatException("weights JSON: " + field + ": not a number: " + v);
        }
        return v.asDouble();
    }
}
