package dev.streamgrad.serde.mapping;

import java.util.Arrays;

/** The target y of an example: a number, a class index or a vector. Immutable. */
public sealed interface Label {

    /** A regression target. */
    record Number(double value) implements Label {
    }

    /** A class index, &gt;= 0. */
    record ClassIndex(int index) implements Label {
        public ClassIndex {
            if (index < 0) {
                throw new IllegalArgumentException("class index must be >= 0, was " + index);
            }
        }
    }

    /** A multi-output target; the array is copied in and out. */
    record Vector(double[] values) implements Label {
        public Vector {
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Vector v && Arrays.equals(values, v.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Vector" + Arrays.toString(values);
        }
    }
}
