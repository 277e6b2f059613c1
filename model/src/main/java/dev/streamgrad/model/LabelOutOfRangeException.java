package dev.streamgrad.model;

/**
 * A finite target that the loss cannot learn: a binary_cross_entropy value outside [0, 1], a cross_entropy
 * probability vector with a negative value or a sum other than 1, a class index out of range. The message names the
 * value and the rule. The model was not touched.
 */
public class LabelOutOfRangeException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public LabelOutOfRangeException(String message) {
        super(message);
    }
}
