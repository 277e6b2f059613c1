package dev.streamgrad.model;

import dev.streamgrad.model.activation.Activation;
import java.util.Objects;

/**
 * One dense layer: its number of neurons n_l and its activation S_l.
 *
 * @param size n_l ≥ 1
 * @param activation S_l, not null
 */
public record LayerSpec(int size, Activation activation) {
    public LayerSpec {
        Objects.requireNonNull(activation, "activation");
    }

    /** @return {@code "size:activation"}, as in the compact spec string */
    @Override
    public String toString() {
        return size + ":" + activation;
    }
}
