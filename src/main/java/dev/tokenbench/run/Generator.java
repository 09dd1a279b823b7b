package dev.tokenbench.run;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineInfo;
import dev.tokenbench.engine.GenerationRequest;
import dev.tokenbench.measure.FrameworkInfo;
import dev.tokenbench.measure.TokenListener;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Anything that turns a batch of prompts into new tokens, as the plain Java API measures it: an {@link Engine},
 * or a function of the caller's own.
 *
 * <p>A {@link Streaming} generator hands every token over as it is produced, so TTFT, ITL and TPOT can be
 * measured. A {@link Blocking} generator returns only the final tokens: its results carry end-to-end latency
 * and throughput, and TTFT, ITL and TPOT are absent, never guessed.
 */
public sealed interface Generator permits Generator.Streaming, Generator.Blocking {

    /** What results should say about the generator. */
    Description description();

    /**
     * Bytes held by the generator's live native tensors, where it can tell; read at the end of the measured runs.
     */
    OptionalLong tensorBytes();

    /**
     * How results describe a generator.
     *
     * @param framework the framework that generates
     * @param model     the model it serves (preset name, path or any label)
     * @param precision the weight precision it computes with
     * @param threads   compute threads it uses
     */
    record Description(FrameworkInfo framework, String model, String precision, int threads) {
        public Description {
            Objects.requireNonNull(framework, "framework");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(precision, "precision");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
        }

        /** A description for a caller's own function: only its name is known. */
        public static Description custom(String name) {
            Objects.requireNonNull(name, "name");
            return new Description(new FrameworkInfo(name, "unknown", "unknown", "unknown", false), "unknown", "unknown", 1);
        }
    }

    /** A function that streams new tokens to a listener and returns prompt token counts (or {@code null} if unknown). */
    @FunctionalInterface
    interface StreamingFunction {
        int[] generate(List<String> prompts, int newTokens, TokenListener listener) throws Exception;
    }

    /** A function that returns the new token ids of every prompt once all are done. */
    @FunctionalInterface
    interface BlockingFunction {
        List<int[]> generate(List<String> prompts, int newTokens) throws Exception;
    }

    /** A generator that streams. */
    record Streaming(Description description, StreamingFunction function, Supplier<OptionalLong> tensorBytesSource) implements Generator {
        public Streaming {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(tensorBytesSource, "tensorBytesSource");
        }

        @Override
        public OptionalLong tensorBytes() {
            return tensorBytesSource.get();
        }
    }

    /** A generator that returns only final tokens. */
    record Blocking(Description description, BlockingFunction function) implements Generator {
        public Blocking {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(function, "function");
        }

        @Override
        public OptionalLong tensorBytes() {
            return OptionalLong.empty();
        }
    }

    /** An engine, described by what it reports about itself, serving {@code model}. */
    static Generator of(Engine engine, String model) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(model, "model");
        EngineInfo info = engine.info();
        FrameworkInfo framework = new FrameworkInfo(info.framework(), info.frameworkVersion(), info.device(),
                info.batchHandling().name(), info.promptCacheReused());
        return new Streaming(new Description(framework, model, info.precision(), info.threads()),
                (prompts, newTokens, listener) -> engine.generate(new GenerationRequest(prompts, newTokens), listener).promptTokenCounts(),
                engine::tensorBytes);
    }

    /** A caller's streaming function, named {@code name} in results. */
    static Generator streaming(String name, StreamingFunction function) {
        return new Streaming(Description.custom(name), function, OptionalLong::empty);
    }

    /** A caller's function that returns only final tokens, named {@code name} in results. */
    static Generator blocking(String name, BlockingFunction function) {
        return new Blocking(Description.custom(name), function);
    }
}
