package dev.streamgrad.deploy.data;

/** A data file line that cannot be read as an example; the message names the file and line number. */
public final class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param source file name
     * @param line 1-based line number
     * @param reason what is wrong with the line
     */
    public DataFormatException(String source, long line, String reason) {
        super(source + ":" + line + ": " + reason);
    }
}
