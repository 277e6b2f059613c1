package dev.streamgrad.model;

/** An input x or target y holds NaN or ±Inf; the message names the array and index. The model was not touched. */
public class NonFiniteInputException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public NonFiniteInputException(String message) {
        super(message);
    }
}
