package dev.streamgrad.serde.mapping;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of a {@link FeatureMapper}. Field paths are dot-separated ({@code device.temp}); a path step
 * may also be a map key. Per-field categorical encodings use dynamic keys:
 * {@code streamgrad.mapper.field.<path>.vocabulary=a,b,c} (one-hot) or
 * {@code streamgrad.mapper.field.<path>.hash.buckets=N} (hashing trick).
 */
public final class FeatureMapperConfig extends AbstractConfig {
    public static final String PREFIX = "streamgrad.mapper.";

    public static final String FEATURES_CONFIG = PREFIX + "features";
    public static final String FEATURES_DOC = "Comma-separated feature field paths, in the order of x. Numbers as "
            + "they are, booleans as 0/1, strings and enums one-hot or hashed (see field.<path>.vocabulary / "
            + ".hash.buckets). Exactly one of this and features.array is required.";
    public static final String FEATURES_ARRAY_CONFIG = PREFIX + "features.array";
    public static final String FEATURES_ARRAY_DOC = "Path of one array field (numbers or booleans) that is x.";
    public static final String FEATURES_ARRAY_SIZE_CONFIG = PREFIX + "features.array.size";
    public static final String FEATURES_ARRAY_SIZE_DOC = "Expected length of the features array; -1 for any. Needed "
            + "to impute a missing array.";
    public static final String LABEL_CONFIG = PREFIX + "label";
    public static final String LABEL_DOC = "Path of the label field; records where it is missing or null are unlabeled "
            + "(predicted, not learned). Not set: every record is unlabeled.";
    public static final String LABEL_TYPE_CONFIG = PREFIX + "label.type";
    public static final String LABEL_TYPE_DOC = "number (regression; booleans 0/1), class (class index: an integer, a "
            + "boolean as 0/1, or a string/enum listed in label.classes) or vector (an array of numbers). Default: "
            + "class if label.classes is set, else number.";
    public static final String LABEL_CLASSES_CONFIG = PREFIX + "label.classes";
    public static final String LABEL_CLASSES_DOC = "Class names in index order, for string or enum labels.";
    public static final String ID_CONFIG = PREFIX + "id";
    public static final String ID_DOC = "Optional path of an id field copied to the example (and its prediction).";
    public static final String MISSING_POLICY_CONFIG = PREFIX + "missing.policy";
    public static final String MISSING_POLICY_DOC = "Missing or null feature: fail (dead-letter the record), zero, or "
            + "mean (running mean of the values seen so far for that feature).";
    public static final String UNKNOWN_CATEGORY_CONFIG = PREFIX + "unknown.category";
    public static final String UNKNOWN_CATEGORY_DOC = "A string/enum value not in a field's vocabulary: zero (all-zero "
            + "one-hot) or fail.";
    public static final String FIELD_PREFIX = PREFIX + "field.";
    public static final String VOCABULARY_SUFFIX = ".vocabulary";
    public static final String HASH_BUCKETS_SUFFIX = ".hash.buckets";

    /** A label type: null (the default) or number, class, vector (any case). */
    static final ConfigDef.Validator LABEL_TYPES = ConfigDef.LambdaValidator.with((k, v) -> {
        if (v != null && !List.of("number", "class", "vector").contains(v.toString().toLowerCase(Locale.ROOT))) {
            throw new ConfigException(k, v, "must be number, class or vector");
        }
    }, () -> "number, class or vector");

    /** The definition of the static keys. */
    public static final ConfigDef CONFIG = new ConfigDef()
            .define(FEATURES_CONFIG, Type.LIST, "", Importance.HIGH, FEATURES_DOC)
            .define(FEATURES_ARRAY_CONFIG, Type.STRING, null, Importance.HIGH, FEATURES_ARRAY_DOC)
            .define(FEATURES_ARRAY_SIZE_CONFIG, Type.INT, -1, ConfigDef.Range.atLeast(-1), Importance.LOW,
                    FEATURES_ARRAY_SIZE_DOC)
            .define(LABEL_CONFIG, Type.STRING, null, Importance.HIGH, LABEL_DOC)
            .define(LABEL_TYPE_CONFIG, Type.STRING, null, LABEL_TYPES, Importance.MEDIUM, LABEL_TYPE_DOC)
            .define(LABEL_CLASSES_CONFIG, Type.LIST, "", Importance.MEDIUM, LABEL_CLASSES_DOC)
            .define(ID_CONFIG, Type.STRING, null, Importance.LOW, ID_DOC)
            .define(MISSING_POLICY_CONFIG, Type.STRING, "fail", ConfigDef.CaseInsensitiveValidString.in("fail", "zero", "mean"),
                    Importance.MEDIUM, MISSING_POLICY_DOC)
            .define(UNKNOWN_CATEGORY_CONFIG, Type.STRING, "zero", ConfigDef.CaseInsensitiveValidString.in("zero", "fail"),
                    Importance.LOW, UNKNOWN_CATEGORY_DOC);

    /**
     * @param key a configuration key
     * @return whether it is one of the per-field keys, {@code streamgrad.mapper.field.<path>.vocabulary} or
     *     {@code .hash.buckets} (keys a {@link ConfigDef} cannot list: their middle is the user's field path)
     */
    public static boolean isFieldKey(String key) {
        return key.startsWith(FIELD_PREFIX) && (key.endsWith(VOCABULARY_SUFFIX) || key.endsWith(HASH_BUCKETS_SUFFIX))
                && key.length() > FIELD_PREFIX.length() + Math.min(VOCABULARY_SUFFIX.length(),
                        HASH_BUCKETS_SUFFIX.length());
    }

    /** @throws ConfigException naming the key of a bad value */
    public FeatureMapperConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
        boolean list = !getList(FEATURES_CONFIG).isEmpty();
        boolean array = getString(FEATURES_ARRAY_CONFIG) != null;
        if (list == array) {
            throw new ConfigException("exactly one of " + FEATURES_CONFIG + " and " + FEATURES_ARRAY_CONFIG + " must be set");
        }
    }

    /** @return the missing-value policy */
    public MissingValuePolicy missingPolicy() {
        return MissingValuePolicy.valueOf(getString(MISSING_POLICY_CONFIG).toUpperCase(Locale.ROOT));
    }

    /** @return number, class or vector */
    public String labelType() {
        String type = getString(LABEL_TYPE_CONFIG);
        if (type != null) {
            return type.toLowerCase(Locale.ROOT);
        }
        return getList(LABEL_CLASSES_CONFIG).isEmpty() ? "number" : "class";
    }

    /** @return per field path, its vocabulary ({@code field.<path>.vocabulary}) */
    public Map<String, List<String>> vocabularies() {
        Map<String, List<String>> result = new HashMap<>();
        originals().forEach((k, v) -> {
            if (k.startsWith(FIELD_PREFIX) && k.endsWith(VOCABULARY_SUFFIX)) {
                String path = k.substring(FIELD_PREFIX.length(), k.length() - VOCABULARY_SUFFIX.length());
                List<String> vocab = v instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                        : List.of(String.valueOf(v).split("\\s*,\\s*"));
                if (vocab.isEmpty() || vocab.stream().anyMatch(String::isEmpty)) {
                    throw new ConfigException(k, v, "a vocabulary must list at least one non-empty value");
                }
                result.put(path, List.copyOf(vocab));
            }
        });
        return result;
    }

    /** @return per field path, its number of hash buckets ({@code field.<path>.hash.buckets}) */
    public Map<String, Integer> hashBuckets() {
        Map<String, Integer> result = new HashMap<>();
        originals().forEach((k, v) -> {
            if (k.startsWith(FIELD_PREFIX) && k.endsWith(HASH_BUCKETS_SUFFIX)) {
                String path = k.substring(FIELD_PREFIX.length(), k.length() - HASH_BUCKETS_SUFFIX.length());
                int n;
                try {
                    n = Integer.parseInt(String.valueOf(v).trim());
                } catch (NumberFormatException e) {
                    throw new ConfigException(k, v, "must be a positive integer");
                }
                if (n < 1) {
                    throw new ConfigException(k, v, "must be a positive integer");
                }
                result.put(path, n);
            }
        });
        return result;
    }
}
