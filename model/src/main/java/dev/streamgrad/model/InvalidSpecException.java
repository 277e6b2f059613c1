package dev.streamgrad.model;

/** A {@link NetworkSpec} is invalid. The message starts with the offending field, e.g. {@code "l2: must be ≥ 0, got -1"}. */
public class InvalidSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidSpecException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** @return the offending field, in its JSON spelling, e.g. {@code "layers[0].size"} or {@code "optimizer.beta1"} */
    public String field() {
        return field;
    }
}
