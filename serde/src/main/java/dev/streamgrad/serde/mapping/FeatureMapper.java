package dev.streamgrad.serde.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgrad.serde.avro.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Turns a user's record (Avro GenericRecord or JSON object) into an {@link Example} {@code (x, y)}, as configured
 * by {@link FeatureMapperConfig}.
 *
 * <p>Stateful only with {@link MissingValuePolicy#MEAN} (running means of each feature): use one instance per
 * stream task; not thread-safe. Hashing uses Kafka's murmur2, so bucket indexes are stable across JVMs.
 */
public final class FeatureMapper {
    private final List<FeatureSpec> features;
    private final String[] arrayPath;
    private final String arrayName;
    private final int arraySize;
    /** Maps the label field, or null if no label is configured. */
    private final TargetMapper target;
    private final String[] idPath;
    private final MissingValuePolicy missingPolicy;
    private final boolean failOnUnknownCategory;
    private double[] means = new double[0];
    private long[] counts = new long[0];

    /** One configured feature: where it is in the record, how it is encoded, where it goes in x. */
    private record FeatureSpec(String name, String[] path, List<String> vocabulary, int buckets, int offset) {
        int width() {
            return vocabulary != null ? vocabulary.size() : buckets > 0 ? buckets : 1;
        }

        boolean categorical() {
            return vocabulary != null || buckets > 0;
        }
    }

    /**
     * @param config the mapper's configuration; not null
     */
    public FeatureMapper(FeatureMapperConfig config) {
        Map<String, List<String>> vocabularies = config.vocabularies();
        Map<String, Integer> buckets = config.hashBuckets();
        List<FeatureSpec> specs = new ArrayList<>();
        int offset = 0;
        for (String name : config.getList(FeatureMapperConfig.FEATURES_CONFIG)) {
            if (vocabularies.containsKey(name) && buckets.containsKey(name)) {
                throw new org.apache.kafka.common.config.ConfigException("field '" + name
                        + "' has both a vocabulary and hash buckets: choose one");
            }
            FeatureSpec spec = new FeatureSpec(name, split(name), vocabularies.get(name), buckets.getOrDefault(name, 0), offset);
            specs.add(spec);
            offset += spec.width();
        }
        this.features = List.copyOf(specs);
        this.arrayName = config.getString(FeatureMapperConfig.FEATURES_ARRAY_CONFIG);
        this.arrayPath = arrayName == null ? null : split(arrayName);
        this.arraySize = config.getInt(FeatureMapperConfig.FEATURES_ARRAY_SIZE_CONFIG);
        String labelName = config.getString(FeatureMapperConfig.LABEL_CONFIG);
        this.target = labelName == null ? null : new TargetMapper(labelName, config.labelType(),
                config.getList(FeatureMapperConfig.LABEL_CLASSES_CONFIG));
        String id = config.getString(FeatureMapperConfig.ID_CONFIG);
        this.idPath = id == null ? null : split(id);
        this.missingPolicy = config.missingPolicy();
        this.failOnUnknownCategory = "fail".equalsIgnoreCase(config.getString(FeatureMapperConfig.UNKNOWN_CATEGORY_CONFIG));
        if (arrayPath == null) {
            means = new double[offset];
            counts = new long[offset];
        } else if (arraySize > 0) {
            means = new double[arraySize];
            counts = new long[arraySize];
        }
    }

    /** Convenience: {@code new FeatureMapper(new FeatureMapperConfig(props))}. */
    public static FeatureMapper fromProperties(Map<?, ?> props) {
        return new FeatureMapper(new FeatureMapperConfig(props));
    }

    /** @return the length of x, or -1 if it is the length of a features array of unconfigured size */
    public int dimension() {
        return arrayPath != null ? arraySize : means.length;
    }

    /**
     * @param record Not modified.
     * @throws MappingException naming the field and the problem
     */
    public Example map(GenericRecord record) throws MappingException {
        return mapRoot(Objects.requireNonNull(record, "record"));
    }

    /**
     * @param json Not modified. A JSON object.
     * @throws MappingException naming the field and the problem (also if it is not an object)
     */
    public Example map(JsonNode json) throws MappingException {
        if (json == null || !json.isObject()) {
            throw new MappingException(null, DeadLetterReason.MAPPING_FAILED, "the value is not a JSON object");
        }
        return mapRoot(json);
    }

    private Example mapRoot(Object root) throws MappingException {
        double[] x = arrayPath != null ? arrayFeatures(root) : listFeatures(root);
        Label y = target == null ? null : target.map(root);
        String id = null;
        if (idPath != null) {
            Object v = FieldValues.get(root, idPath);
            id = v == null ? null : v.toString();
        }
        return new Example(x, y, id);
    }

    private double[] listFeatures(Object root) throws MappingException {
        double[] x = new double[means.length];
        for (FeatureSpec f : features) {
            Object v = FieldValues.get(root, f.path());
            if (v == null) {
                missing(f.name(), x, f.offset(), f.categorical());
            } else if (f.categorical()) {
                categorical(f, v, x);
            } else {
                x[f.offset()] = numeric(f.name(), v);
                observe(f.offset(), x[f.offset()]);
            }
        }
        return x;
    }

    private double[] arrayFeatures(Object root) throws MappingException {
        Object v = FieldValues.get(root, arrayPath);
        if (v == null) {
            if (missingPolicy == MissingValuePolicy.FAIL || arraySize < 0) {
                throw new MappingException(arrayName, DeadLetterReason.MAPPING_FAILED, "the features array is missing or null");
            }
            double[] x = new double[arraySize];
            for (int i = 0; i < arraySize; i++) {
                missing(arrayName, x, i, false);
            }
            return x;
        }
        if (!(v instanceof List<?> list)) {
            throw new MappingException(arrayName, DeadLetterReason.MAPPING_FAILED, "expected an array, found " + describe(v));
        }
        if (arraySize >= 0 && list.size() != arraySize) {
            throw new MappingException(arrayName, DeadLetterReason.WRONG_DIMENSION,
                    "expected " + arraySize + " elements, found " + list.size());
        }
        if (means.length < list.size()) {
            means = java.util.Arrays.copyOf(means, list.size());
            counts = java.util.Arrays.copyOf(counts, list.size());
        }
        double[] x = new double[list.size()];
        for (int i = 0; i < x.length; i++) {
            Object item = list.get(i);
            String name = arrayName + "[" + i + "]";
            if (item == null) {
                missing(name, x, i, false);
            } else {
                x[i] = numeric(name, item);
                observe(i, x[i]);
            }
        }
        return x;
    }

    private void missing(String name, double[] x, int offset, boolean categorical) throws MappingException {
        switch (missingPolicy) {
            case FAIL:
                throw new MappingException(name, DeadLetterReason.MAPPING_FAILED, "missing or null (missing.policy=fail)");
            case MEAN:
                if (!categorical) {
                    x[offset] = means[offset];
                }
                break;
            default:
                break; // ZERO, and categorical features under MEAN: already zeros
        }
    }

    private void observe(int index, double value) {
        if (missingPolicy == MissingValuePolicy.MEAN && Double.isFinite(value)) {
            counts[index]++;
            means[index] += (value - means[index]) / counts[index];
        }
    }

    private void categorical(FeatureSpec f, Object v, double[] x) throws MappingException {
        String s;
        if (v instanceof String str) {
            s = str;
        } else if (v instanceof Boolean || v instanceof Number) {
            s = v.toString();
        } else {
            throw new MappingException(f.name(), DeadLetterReason.MAPPING_FAILED,
                    "expected a string or enum for a categorical feature, found " + describe(v));
        }
        if (f.vocabulary() != null) {
            int index = f.vocabulary().indexOf(s);
            if (index >= 0) {
                x[f.offset() + index] = 1.0;
            } else if (failOnUnknownCategory) {
                throw new MappingException(f.name(), DeadLetterReason.MAPPING_FAILED,
                        "value '" + s + "' is not in the vocabulary " + f.vocabulary());
            }
        } else {
            x[f.offset() + Utils.toPositive(Utils.murmur2(FieldValues.utf8(s))) % f.buckets()] = 1.0;
        }
    }

    static double numeric(String name, Object v) throws MappingException {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof String) {
            throw new MappingException(name, DeadLetterReason.MAPPING_FAILED, "expected a number or boolean, found "
                    + describe(v) + "; for a categorical field set " + FeatureMapperConfig.FIELD_PREFIX + name
                    + FeatureMapperConfig.VOCABULARY_SUFFIX + " or " + FeatureMapperConfig.FIELD_PREFIX + name
                    + FeatureMapperConfig.HASH_BUCKETS_SUFFIX);
        }
        throw new MappingException(name, DeadLetterReason.MAPPING_FAILED, "expected a number or boolean, found " + describe(v));
    }

    static String describe(Object v) {
        if (v instanceof FieldValues.Unsupported u) {
            return "a value of unsupported type " + u.type();
        }
        if (v instanceof String s) {
            return "the string '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        return "a " + v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " (" + v + ")";
    }

    static String[] split(String path) {
        return path.trim().split("\\.");
    }
}
