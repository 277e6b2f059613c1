package dev.streamgrad.topology;

import java.util.function.Function;
import dev.streamgrad.model.drift.DetectorSpec;
import dev.streamgrad.model.drift.DriftAction;
import dev.streamgrad.model.drift.DriftSignal;
import dev.streamgrad.model.drift.DriftSpec;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The drift keys of {@link StreamgradConfig}: the drift topic, the detector, what it watches and what a drift does. */
interface DriftKeys {

    String DRIFT_TOPIC_CONFIG = StreamgradConfig.PREFIX + "drift.topic";
    String DRIFT_TOPIC_DOC = "Topic of the DriftEvent records (key = model id): one per drift a model's "
            + "detector signals (see streamgrad.drift.detector).";

    String DRIFT_DETECTOR_CONFIG = StreamgradConfig.PREFIX + "drift.detector";
    String DRIFT_DETECTOR_DOC = "The drift detector each model feeds its prequential signal to, "
            + "after each labeled event, in stream order: none, adwin or page_hinkley, optionally with parameters, e.g. "
            + "adwin(delta=0.002,clock=32,max_buckets=5,min_window_length=10,min_sub_window_length=5) or "
            + "page_hinkley(min_instances=30,delta=0.005,lambda=50,alpha=0.9999) (missing parameters take MOA's "
            + "defaults, shown here). Its state is part of the model's checkpoint. A detection where the signal went up "
            + "is a drift: a DriftEvent, a count, and streamgrad.drift.action.";

    String DRIFT_ACTION_CONFIG = StreamgradConfig.PREFIX + "drift.action";
    String DRIFT_ACTION_DOC = "What a model does on a drift, before it learns its next event: "
            + "none; reset-optimizer (every optimiser slot zeroed, step count restarted: t = 1 at the next update; "
            + "weights kept); reset-model (new weights drawn from the spec's seed XOR a hash of the version, biases 0, "
            + "and reset-optimizer; the version keeps counting); boost-lr(factor,events) (learning rate x factor for the "
            + "next events learned events).";

    String DRIFT_SIGNAL_CONFIG = StreamgradConfig.PREFIX + "drift.signal";
    String DRIFT_SIGNAL_DOC = "The value the detector watches per labeled event: loss (the "
            + "prequential loss; with streamgrad.batch.size m > 1 the batch's mean loss, once per batch), error (the "
            + "0/1 error of a classifier's prediction, per event) or auto (error for a classifier, else loss).";

    /** Adds the definitions of these keys (type, default, validator, doc) to {@code def}, which is modified. */
    static void define(ConfigDef def) {
        def
            .define(DRIFT_TOPIC_CONFIG, Type.STRING, "streamgrad-drift", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, DRIFT_TOPIC_DOC)
            .define(DRIFT_DETECTOR_CONFIG, Type.STRING, "none", parsed(DriftKeys::detector,
                    "none, adwin[(k=v,...)] or page_hinkley[(k=v,...)]"), Importance.MEDIUM, DRIFT_DETECTOR_DOC)
            .define(DRIFT_ACTION_CONFIG, Type.STRING, "none", parsed(DriftAction::parse,
                    "none, reset-optimizer, reset-model or boost-lr(factor,events)"), Importance.MEDIUM,
                    DRIFT_ACTION_DOC)
            .define(DRIFT_SIGNAL_CONFIG, Type.STRING, "auto",
                    ConfigDef.CaseInsensitiveValidString.in("auto", "loss", "error"), Importance.LOW,
                    DRIFT_SIGNAL_DOC);
    }

    /**
     * @param config a configuration parsed with these definitions
     * @param classifier whether the model classifies (the auto signal is then the 0/1 error)
     * @return the drift spec every model watches with, or null if {@link #DRIFT_DETECTOR_CONFIG} is none
     */
    static DriftSpec driftSpec(AbstractConfig config, boolean classifier) {
        DetectorSpec detector = detector(config.getString(DRIFT_DETECTOR_CONFIG));
        if (detector == null) {
            return null;
        }
        String signal = config.getString(DRIFT_SIGNAL_CONFIG).trim().toLowerCase(java.util.Locale.ROOT);
        DriftSignal s = signal.equals("auto") ? (classifier ? DriftSignal.ERROR : DriftSignal.LOSS)
                : DriftSignal.parse(signal);
        return new DriftSpec(detector, s, DriftAction.parse(config.getString(DRIFT_ACTION_CONFIG)));
    }

    /** @return a validator that accepts the values {@code parser} parses (its message names the problem) */
    private static ConfigDef.Validator parsed(Function<String, ?> parser, String valid) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                parser.apply((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }, () -> valid);
    }

    /** @return the detector of a {@link #DRIFT_DETECTOR_CONFIG} value, or null for none */
    private static DetectorSpec detector(String text) {
        return text.trim().equalsIgnoreCase("none") ? null : DetectorSpec.parse(text);
    }
}
