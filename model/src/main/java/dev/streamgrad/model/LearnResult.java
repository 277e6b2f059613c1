package dev.streamgrad.model;

/**
 * What one learn call returns in its allocating form: the prediction made <em>before</em> the update and the loss.
 * (The zero-allocation forms write the prediction into a caller buffer and return the loss.)
 *
 * @param prediction ŷ before the update: length k (one event) or m×k row-major (a batch); owned by the caller
 * @param loss C of the event, or the mean C of the batch
 */
public record LearnResult(double[] prediction, double loss) {
}
