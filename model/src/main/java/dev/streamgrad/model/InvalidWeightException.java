package dev.streamgrad.model;

/** A sample weight that is negative, NaN or infinite; the message names it. The model was not touched. */
public class InvalidWeightException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidWeightException(String message) {
        super(message);
    }
}
