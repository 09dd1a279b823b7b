package dev.tokenbench.calibrate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * F32 matrix-multiply throughput on one thread count: each trial multiplies two {@code size x size} float32
 * matrices with PyTorch's {@code matmul} through DJL, {@code 2 * size^3} floating-point operations.
 *
 * @param threads    PyTorch's intra-op threads
 * @param size       the side of the square matrices
 * @param trialNanos wall time of each measured trial (warm-up trials excluded), in order
 */
@JsonIgnoreProperties(value = "flopsPerSecond", allowGetters = true)
public record GemmFigure(int threads, int size, List<Long> trialNanos) {

    public GemmFigure {
        trialNanos = List.copyOf(trialNanos);
    }

    /** Floating-point operations per trial: {@code 2 * size^3} (one multiply and one add per term). */
    public double flopsPerTrial() {
        return 2.0 * size * size * size;
    }

    /** FLOP per second: best (the figure's limit), median and spread over the trials. */
    @JsonProperty("flopsPerSecond")
    public Rates flopsPerSecond() {
        return Rates.of(flopsPerTrial(), trialNanos);
    }
}
