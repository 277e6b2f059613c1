package dev.streamgrad.model;

/** An event cannot be used: a NaN/Inf feature or target, or a class index out of range. The model was not touched. */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
