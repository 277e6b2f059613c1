package dev.streamgrad.topology;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The core keys of {@link StreamgradConfig}: the input, predictions and dead-letter topics, the input format, the
 * limits on a bad record and the node prefix.
 */
interface CoreKeys {

    String INPUT_TOPIC_CONFIG = StreamgradConfig.PREFIX + "input.topic";
    String INPUT_TOPIC_DOC = "Topic of the LabeledEvent records to score and learn from.";

    String PREDICTIONS_TOPIC_CONFIG = StreamgradConfig.PREFIX + "predictions.topic";
    String PREDICTIONS_TOPIC_DOC = "Topic the Prediction records go to (key = model id).";

    String DEAD_LETTER_TOPIC_CONFIG = StreamgradConfig.PREFIX + "dead.letter.topic";
    String DEAD_LETTER_TOPIC_DOC = "Topic of the DeadLetter records: every record that could not "
            + "be decoded, mapped or learned, with the reason and the original key and value bytes.";

    String INPUT_FORMAT_CONFIG = StreamgradConfig.PREFIX + "input.format";
    String INPUT_FORMAT_DOC = "Format of the input values: labeled_event (streamgrad's "
            + "LabeledEvent), avro_record (any Avro record in the registry wire format, needs schema.registry.url) or "
            + "json (a UTF-8 JSON object); the last two are mapped to (x, y) by the streamgrad.mapper.* keys "
            + "(serde's FeatureMapperConfig).";

    String INPUT_MAX_ABS_CONFIG = StreamgradConfig.PREFIX + "input.max.abs";
    String INPUT_MAX_ABS_DOC = "The largest magnitude a feature or target value may have. A record "
            + "with a larger (finite) value is dead-lettered as VALUE_TOO_LARGE, like NaN/Inf (NON_FINITE_VALUE): the "
            + "default 1e150 keeps every square the model computes (scaler variance, squared error) finite.";
    /** The default of {@link #INPUT_MAX_ABS_CONFIG}: the square of a value below it is finite, with room to add. */
    double DEFAULT_INPUT_MAX_ABS = 1e150;

    String DEAD_LETTER_MAX_BYTES_CONFIG = StreamgradConfig.PREFIX + "dead.letter.max.bytes";
    String DEAD_LETTER_MAX_BYTES_DOC = "At most this many bytes of a bad record's key and value "
            + "(together, the key first) are copied into its dead letter; the dead letter also records the original "
            + "sizes and whether the copy was truncated. The default keeps any dead letter well under the producer's "
            + "default max.request.size (1 MB).";

    /** The default of {@link #DEAD_LETTER_MAX_BYTES_CONFIG}: 1 MB minus room for the rest of the dead letter. */
    int DEFAULT_DEAD_LETTER_MAX_BYTES = 900 * 1024;

    String NODE_PREFIX_CONFIG = StreamgradConfig.PREFIX + "node.prefix";
    String NODE_PREFIX_DOC = "Prefix of every processor node, repartition topic and store "
            + "added by streamgrad, so that several learners can live in one topology.";

    /** Adds the definitions of these keys (type, default, validator, doc) to {@code def}, which is modified. */
    static void define(ConfigDef def) {
        def
            .define(INPUT_TOPIC_CONFIG, Type.STRING, "streamgrad-events", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, INPUT_TOPIC_DOC)
            .define(PREDICTIONS_TOPIC_CONFIG, Type.STRING, "streamgrad-predictions", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, PREDICTIONS_TOPIC_DOC)
            .define(DEAD_LETTER_TOPIC_CONFIG, Type.STRING, "streamgrad-dead-letters", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, DEAD_LETTER_TOPIC_DOC)
            .define(INPUT_FORMAT_CONFIG, Type.STRING, "labeled_event",
                    ConfigDef.CaseInsensitiveValidString.in("labeled_event", "avro_record", "json"), Importance.HIGH,
                    INPUT_FORMAT_DOC)
            .define(INPUT_MAX_ABS_CONFIG, Type.DOUBLE, DEFAULT_INPUT_MAX_ABS, Range.atLeast(Double.MIN_VALUE),
                    Importance.LOW, INPUT_MAX_ABS_DOC)
            .define(DEAD_LETTER_MAX_BYTES_CONFIG, Type.INT, DEFAULT_DEAD_LETTER_MAX_BYTES, Range.atLeast(0),
                    Importance.LOW, DEAD_LETTER_MAX_BYTES_DOC)
            .define(NODE_PREFIX_CONFIG, Type.STRING, "streamgrad-", Importance.LOW, NODE_PREFIX_DOC);
    }
}
