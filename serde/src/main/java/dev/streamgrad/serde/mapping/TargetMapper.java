package dev.streamgrad.serde.mapping;

import dev.streamgrad.serde.avro.DeadLetterReason;
import java.util.List;
import java.util.Locale;

/**
 * Maps the label field of a user's record (Avro {@code GenericRecord} or JSON) to a target ({@link Label}): a number
 * (booleans 0/1), a class index (an integer, a boolean as 0/1, or a string/enum from the class list) or a vector. The
 * one home of label mapping, used by {@link FeatureMapper} (a label in the event) and {@link LabelRecordMapper}
 * (a late label). Immutable; thread-safe.
 */
public final class TargetMapper {
    private final String labelName;
    private final String[] path;
    private final String labelType;
    private final List<String> labelClasses;

    /**
     * @param path    the dot-separated path of the label field
     * @param type    number, class or vector; null: class if classes are given, else number
     * @param classes class names in index order (may be empty); not modified
     */
    public TargetMapper(String path, String type, List<String> classes) {
        this.labelName = path;
        this.path = FeatureMapper.split(path);
        this.labelClasses = List.copyOf(classes);
        this.labelType = type != null ? type.toLowerCase(Locale.ROOT) : labelClasses.isEmpty() ? "number" : "class";
    }

    /** @return the label field's path */
    public String path() {
        return labelName;
    }

    /**
     * @param root the record (GenericRecord, JsonNode or a map); not modified
     * @return the target, or null if the field is missing or null
     * @throws MappingException naming the field, if it holds no valid target
     */
    public Label map(Object root) throws MappingException {
        Object v = FieldValues.get(root, path);
        return v == null ? null : convert(v);
    }

    private Label convert(Object v) throws MappingException {
        if (v == null) {
            return null;
        }
        switch (labelType) {
            case "vector": {
                if (!(v instanceof List<?> list)) {
                    throw new MappingException(labelName, DeadLetterReason.MAPPING_FAILED,
                            "expected an array label, found " + FeatureMapper.describe(v));
                }
                double[] values = new double[list.size()];
                for (int i = 0; i < values.length; i++) {
                    if (list.get(i) == null) {
                        throw new MappingException(labelName, DeadLetterReason.MAPPING_FAILED, "element " + i + " is null");
                    }
                    values[i] = FeatureMapper.numeric(labelName + "[" + i + "]", list.get(i));
                }
                return new Label.Vector(values);
            }
            case "class":
                return classLabel(v);
            default:
                return new Label.Number(FeatureMapper.numeric(labelName, v));
        }
    }

    private Label classLabel(Object v) throws MappingException {
        int index;
        if (v instanceof String s) {
            index = labelClasses.indexOf(s);
            if (index < 0) {
                throw new MappingException(labelName, DeadLetterReason.LABEL_OUT_OF_RANGE,
                        "label '" + s + "' is not one of the configured classes " + labelClasses);
            }
        } else if (v instanceof Boolean b) {
            index = b ? 1 : 0;
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new MappingException(labelName, DeadLetterReason.LABEL_OUT_OF_RANGE,
                        "class label must be a non-negative integer, found " + n);
            }
            index = (int) d;
        } else {
            throw new MappingException(labelName, DeadLetterReason.MAPPING_FAILED,
                    "expected a class label (integer, boolean, string or enum), found " + FeatureMapper.describe(v));
        }
        if (!labelClasses.isEmpty() && index >= labelClasses.size()) {
            throw new MappingException(labelName, DeadLetterReason.LABEL_OUT_OF_RANGE,
                    "class index " + index + " is outside the " + labelClasses.size() + " configured classes");
        }
        return new Label.ClassIndex(index);
    }

}
