package dev.streamgrad.model.drift;

import java.util.Locale;

/**
 * What a model does when its detector signals a drift. Text form: {@code none}, {@code reset-optimizer},
 * {@code reset-model}, {@code boost-lr(factor,events)}, e.g. {@code boost-lr(10,2000)}.
 *
 * @param kind the action
 * @param factor for {@link Kind#BOOST_LR}: the learning-rate multiplier, finite and &gt; 0; 1 otherwise
 * @param events for {@link Kind#BOOST_LR}: for how many learned events the multiplier holds, ≥ 1; 0 otherwise
 */
public record DriftAction(Kind kind, double factor, long events) {

    /** The kinds of action; each is a public operation of {@code Model} that can also be called directly. */
    public enum Kind {
        /** Only report the drift. */
        NONE,
        /** {@code Model.resetOptimizer()}: zero the optimiser's slots and restart its step count t at 1. */
        RESET_OPTIMIZER,
        /** {@code Model.reinitialize()}: draw new weights from the seed and the version, zero the optimiser. */
        RESET_MODEL,
        /** {@code Model.boostLearningRate(factor, events)}: η × factor for the next events. */
        BOOST_LR;

        /** @return the text name: {@code none}, {@code reset-optimizer}, {@code reset-model}, {@code boost-lr} */
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final DriftAction NONE = new DriftAction(Kind.NONE, 1, 0);
    public static final DriftAction RESET_OPTIMIZER = new DriftAction(Kind.RESET_OPTIMIZER, 1, 0);
    public static final DriftAction RESET_MODEL = new DriftAction(Kind.RESET_MODEL, 1, 0);

    /** @throws IllegalArgumentException if the parameters do not fit the kind */
    public DriftAction {
        if (kind == null) {
            throw new IllegalArgumentException("drift action: kind is required");
        }
        if (kind == Kind.BOOST_LR) {
            if (!(Double.isFinite(factor) && factor > 0)) {
                throw new IllegalArgumentException("drift action boost-lr: factor must be finite and > 0, got " + factor);
            }
            if (events < 1) {
                throw new IllegalArgumentException("drift action boost-lr: events must be ≥ 1, got " + events);
            }
        } else if (factor != 1 || events != 0) {
            throw new IllegalArgumentException("drift action " + kind.text() + " takes no parameters");
        }
    }

    /** @return boost-lr(factor, events) */
    public static DriftAction boostLr(double factor, long events) {
        return new DriftAction(Kind.BOOST_LR, factor, events);
    }

    /** @return the text form, e.g. {@code boost-lr(10.0,2000)} */
    public String toText() {
        return kind == Kind.BOOST_LR ? kind.text() + "(" + factor + "," + events + ")" : kind.text();
    }

    /** @throws IllegalArgumentException for a malformed or unknown action */
    public static DriftAction parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (s) {
            case "none":
                return NONE;
            case "reset-optimizer":
                return RESET_OPTIMIZER;
            case "reset-model":
                return RESET_MODEL;
            default:
                break;
        }
        if (s.startsWith("boost-lr(") && s.endsWith(")")) {
            String[] p = s.substring("boost-lr(".length(), s.length() - 1).split(",");
            if (p.length == 2) {
                try {
                    return boostLr(Double.parseDouble(p[0].trim()), Long.parseLong(p[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("drift action '" + text + "': factor and events must be numbers");
                }
            }
        }
        throw new IllegalArgumentException("unknown drift action '" + text
                + "' (known: none, reset-optimizer, reset-model, boost-lr(factor,events))");
    }
}
