package dev.tokenbench.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic initial values for one tensor, identical on every machine and JDK: a {@link SplittableRandom} seeded
 * from (seed, tensor name) and an approximately Gaussian transform that uses only exactly rounded arithmetic.
 *
 * <p>Each {@code nextLong()} yields four 16-bit uniforms whose centred sum (Irwin-Hall with n = 4), scaled to unit
 * variance, stands in for a standard normal: no transcendental functions, whose last bit may differ between JDKs.
 */
final class SeededWeights {

    private static final double UNIT_VARIANCE_SCALE = Math.sqrt(3.0);

    private final SplittableRandom random;
    private final double standardDeviation;

    /** Values for {@code tensorName} with mean 0 and the given standard deviation (0 gives all ones). */
    SeededWeights(long seed, String tensorName, double standardDeviation) {
        this.random = new SplittableRandom(seed ^ (tensorName.hashCode() * 0x9E3779B97F4A7C15L));
        this.standardDeviation = standardDeviation;
    }

    /** Fills {@code count} values of {@code out}; a standard deviation of 0 means a norm weight of exactly 1. */
    void fill(float[] out, int count) {
        if (standardDeviation == 0) {
            Arrays.fill(out, 0, count, 1.0f);
            return;
        }
        for (int i = 0; i < count; i++) {
            long bits = random.nextLong();
            double sum = ((bits & 0xffff) + (bits >>> 16 & 0xffff) + (bits >>> 32 & 0xffff) + (bits >>> 48 & 0xffff) + 2.0)
                    / 65536.0;
            out[i] = (float) ((sum - 2.0) * UNIT_VARIANCE_SCALE * standardDeviation);
        }
    }
}
