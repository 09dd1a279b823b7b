package dev.tokenbench.engine;

import dev.tokenbench.measure.NanoClock;
import java.util.Objects;

/**
 * How to open an engine: which model, at what precision, with how many threads, for what request shapes.
 *
 * @param model          preset name ({@code tiny}, {@code small}, {@code base}) or a model folder or file path;
 *                       for the fake engine a schedule ({@link FakeModels})
 * @param precision      weight precision, e.g. {@code f32}
 * @param threads        compute threads, at least 1
 * @param maxBatchSize   largest batch a request will have, at least 1 (engines size caches and slots by it)
 * @param maxSequenceTokens longest prompt plus new tokens a sequence will have, at least 2; engines cap it at the
 *                       model's context ({@link Integer#MAX_VALUE}, the default, means "as long as the model allows")
 * @param clock          the clock tokens are timestamped with
 */
public record EngineOptions(
        String model,
        String precision,
        int threads,
        int maxBatchSize,
        int maxSequenceTokens,
        NanoClock clock) {

    /** Precision every engine supports. */
    public static final String DEFAULT_PRECISION = "f32";

    public EngineOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(clock, "clock");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must name a preset (tiny, small, base) or a path, was blank");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, was " + maxBatchSize);
        }
        if (maxSequenceTokens < 2) {
            throw new IllegalArgumentException("maxSequenceTokens must be >= 2, was " + maxSequenceTokens);
        }
    }

    /** A builder: {@code setModel} is required, everything else optional. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link EngineOptions} (DJL style: {@code set*} required, {@code opt*} optional). */
    public static final class Builder {
        private String model;
        private String precision = DEFAULT_PRECISION;
        private int threads = 1;
        private int maxBatchSize = 1;
        private int maxSequenceTokens = Integer.MAX_VALUE;
        private NanoClock clock = NanoClock.system();

        private Builder() {
        }

        public Builder setModel(String model) {
            this.model = model;
            return this;
        }

        public Builder optPrecision(String precision) {
            this.precision = precision;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder optMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        public Builder optMaxSequenceTokens(int maxSequenceTokens) {
            this.maxSequenceTokens = maxSequenceTokens;
            return this;
        }

        public Builder optClock(NanoClock clock) {
            this.clock = clock;
            return this;
        }

        public EngineOptions build() {
            if (model == null) {
                throw new IllegalArgumentException("model is required: call setModel with a preset name (tiny, small, base) or a path");
            }
            return new EngineOptions(model, precision, threads, maxBatchSize, maxSequenceTokens, clock);
        }
    }
}
