package dev.streamgrad.topology;

import dev.streamgrad.model.NetworkSpec;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The model keys of {@link StreamgradConfig}: the network of a new model and where its first weights come from,
 * which model a record belongs to, the micro-batch it learns in, and the kernel backend.
 */
interface ModelKeys {

    String MODEL_SPEC_CONFIG = StreamgradConfig.PREFIX + "model.spec";
    String MODEL_SPEC_DOC = "The network of every new model, as a NetworkSpec JSON object or its "
            + "compact string form 'd,n1:act1,...,nL:actL'. The compact form sets only the layers: loss squared_error,"
            + " optimizer sgd with learning rate 0.01, no L2, seed 0; give the JSON form for anything else (e.g. a"
            + " sigmoid output wants binary_cross_entropy).";

    String MODEL_ID_SOURCE_CONFIG = StreamgradConfig.PREFIX + "model.id.source";
    String MODEL_ID_SOURCE_DOC = "Where a record's model id comes from: 'key' (the record key, "
            + "a UTF-8 string: one model per key, no repartition), 'field' (a field of the value, see "
            + "streamgrad.model.id.field; the stream is repartitioned by it) or 'constant' (one shared model, see "
            + "streamgrad.model.id.constant; the stream is repartitioned to it).";

    String MODEL_ID_FIELD_CONFIG = StreamgradConfig.PREFIX + "model.id.field";
    String MODEL_ID_FIELD_DOC = "The field holding the model id when "
            + "streamgrad.model.id.source=field: a LabeledEvent field, or with another streamgrad.input.format a "
            + "dot-separated path in the user's record.";

    String MODEL_ID_CONSTANT_CONFIG = StreamgradConfig.PREFIX + "model.id.constant";
    String MODEL_ID_CONSTANT_DOC = "The model id of every record when "
            + "streamgrad.model.id.source=constant.";

    String BATCH_SIZE_CONFIG = StreamgradConfig.PREFIX + "batch.size";
    String BATCH_SIZE_DOC = "Micro-batch size m: labeled events are learned m at a time "
            + "(1 = per event).";

    String BATCH_MAX_AGE_MS_CONFIG = StreamgradConfig.PREFIX + "batch.max.age.ms";
    String BATCH_MAX_AGE_MS_DOC = "A partly filled micro-batch is applied as it is once the "
            + "stream time (the largest record timestamp seen by the task) is this many ms past the timestamp of its "
            + "first event: before the model's next event, or by a stream-time punctuator; 0 = only full batches are "
            + "applied.";

    String KERNELS_CONFIG = StreamgradConfig.PREFIX + "kernels";
    String KERNELS_DOC = "Numeric kernel backend: auto, java, vector or native.";

    String WARM_START_FILE_CONFIG = StreamgradConfig.PREFIX + "warm.start.file";
    String WARM_START_FILE_DOC = "A model-state file (ModelStateCodec bytes) every new model "
            + "starts from instead of random weights; empty = none.";

    String WARM_START_TOPIC_CONFIG = StreamgradConfig.PREFIX + "warm.start.topic";
    String WARM_START_TOPIC_DOC = "A snapshot topic (read into a global store): a new model "
            + "starts from the snapshot with its model id there, if any, instead of random weights; empty = none. "
            + "Takes precedence over streamgrad.warm.start.file.";

    /** Adds the definitions of these keys (type, default, validator, doc) to {@code def}, which is modified. */
    static void define(ConfigDef def) {
        def
            .define(MODEL_SPEC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, MODEL_SPEC_DOC)
            .define(MODEL_ID_SOURCE_CONFIG, Type.STRING, "key",
                    ConfigDef.CaseInsensitiveValidString.in("key", "field", "constant"), Importance.HIGH,
                    MODEL_ID_SOURCE_DOC)
            .define(MODEL_ID_FIELD_CONFIG, Type.STRING, "id", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    MODEL_ID_FIELD_DOC)
            .define(MODEL_ID_CONSTANT_CONFIG, Type.STRING, "default", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, MODEL_ID_CONSTANT_DOC)
            .define(BATCH_SIZE_CONFIG, Type.INT, 1, Range.between(1, 1 << 16), Importance.HIGH, BATCH_SIZE_DOC)
            .define(BATCH_MAX_AGE_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM, BATCH_MAX_AGE_MS_DOC)
            .define(KERNELS_CONFIG, Type.STRING, "auto",
                    ConfigDef.CaseInsensitiveValidString.in("auto", "java", "vector", "native"), Importance.LOW,
                    KERNELS_DOC)
            .define(WARM_START_FILE_CONFIG, Type.STRING, "", Importance.LOW, WARM_START_FILE_DOC)
            .define(WARM_START_TOPIC_CONFIG, Type.STRING, "", Importance.LOW, WARM_START_TOPIC_DOC);
    }

    /**
     * @param text a NetworkSpec JSON object, or the compact layer string (other settings at their defaults)
     * @return the spec
     * @throws ConfigException naming {@link #MODEL_SPEC_CONFIG} if it is not valid
     */
    static NetworkSpec parseSpec(String text) {
        try {
            String t = text.trim();
            return t.startsWith("{") ? NetworkSpec.fromJson(t) : NetworkSpec.builder().layers(t).build();
        } catch (RuntimeException e) {
            throw new ConfigException(MODEL_SPEC_CONFIG, text, e.getMessage());
        }
    }
}
