package dev.streamgrad.model;

/**
 * An event cannot be used: a NaN/Inf feature or target ({@link NonFiniteInputException}), a target outside the loss's
 * domain ({@link LabelOutOfRangeException}), a bad sample weight ({@link InvalidWeightException}). The model was not
 * touched.
 */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
