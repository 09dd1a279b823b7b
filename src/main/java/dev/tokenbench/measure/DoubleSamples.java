package dev.tokenbench.measure;

import java.util.Arrays;

/** A growable array of double samples, without boxing. */
final class DoubleSamples {
    private double[] values = new double[64];
    private int size;

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    double[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
