package dev.streamgrad.onnx;

/** The element type of every tensor of an exported model: its input, output, weights and scaler statistics. */
public enum OnnxPrecision {
    /**
     * ONNX {@code DOUBLE} (tensor(double)): the model's own precision. The weights are the model's bits; outputs
     * agree with {@code Model.predict} to rounding (see the module's README section for the measured bound).
     */
    FLOAT64("float64"),
    /**
     * ONNX {@code FLOAT} (tensor(float)): weights and statistics rounded to binary32 (round to nearest even), for
     * runtimes and accelerators without double support; about 7 significant digits.
     */
    FLOAT32("float32");

    private final String label;

    OnnxPrecision(String label) {
        this.label = label;
    }

    /** @return {@code float64} or {@code float32}, as on the command line and in the model's metadata */
    public String label() {
        return label;
    }

    /**
     * @param text {@code float64} / {@code double} or {@code float32} / {@code float} (case-insensitive)
     * @throws IllegalArgumentException for anything else, listing the accepted values
     */
    public static OnnxPrecision parse(String text) {
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float64": case "double": return FLOAT64;
            case "float32": case "float": return FLOAT32;
            default: throw new IllegalArgumentException("unknown precision '" + text + "' (known: float64, float32)");
        }
    }
}
