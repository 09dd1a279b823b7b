package dev.tokenbench.calibrate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Memory streaming bandwidth by one method on one thread count: each trial reads {@code bytesPerTrial} bytes once.
 *
 * @param method        how the buffer was read
 * @param threads       threads reading (PyTorch's intra-op threads, or Java threads each reading one slice)
 * @param bytesPerTrial bytes read per trial: the buffer's size, far larger than the last-level cache
 * @param trialNanos    wall time of each measured trial (warm-up trials excluded), in order
 */
@JsonIgnoreProperties(value = "bytesPerSecond", allowGetters = true)
public record StreamFigure(StreamMethod method, int threads, long bytesPerTrial, List<Long> trialNanos) {

    public StreamFigure {
        trialNanos = List.copyOf(trialNanos);
    }

    /** Bytes read per second: best (the figure's limit), median and spread over the trials. */
    @JsonProperty("bytesPerSecond")
    public Rates bytesPerSecond() {
        return Rates.of(bytesPerTrial, trialNanos);
    }
}
