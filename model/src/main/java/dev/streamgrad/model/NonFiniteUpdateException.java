package dev.streamgrad.model;

/**
 * An update was refused because the loss, an activation, a δ, a gradient, a new parameter or new optimiser state
 * would be NaN or ±Inf (or could overflow). The model is exactly as it was before the call: weights, optimiser
 * state, scaler and counters.
 */
public class NonFiniteUpdateException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final int layer;

    /**
     * @param layer the layer l (1..L) where it was found, or 0 if not tied to a layer (e.g. the loss)
     * @param what what was not finite, e.g. {@code "δ_1"}
     */
    public NonFiniteUpdateException(int layer, String what) {
        super("update refused: " + what + (layer > 0 ? " (layer " + layer + ")" : "") + " is not finite; model unchanged");
        this.layer = layer;
    }

    /** @return the layer l (1-based), or 0 */
    public int layer() {
        return layer;
    }
}
