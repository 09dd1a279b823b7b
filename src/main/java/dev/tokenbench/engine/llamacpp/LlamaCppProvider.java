package dev.tokenbench.engine.llamacpp;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineProvider;
import dev.tokenbench.model.gguf.GgufConverter;
import dev.tokenbench.model.gguf.GgufPrecision;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Opens {@code llama.cpp} engines for the registry: resolves the model (a preset, generated on first use, or a local
 * Hugging Face folder), converts it to GGUF at the requested precision on first use ({@code model-<precision>.gguf}
 * next to the model, see {@link GgufConverter#cached}), and loads it with a context of one sequence per prompt of
 * the largest batch, each as long as the options' longest sequence (capped at the model's context), and the
 * {@link LlamaCppSettings} of the system property {@value LlamaCppSettings#PROPERTY}.
 */
public final class LlamaCppProvider implements EngineProvider {

    /** For {@link java.util.ServiceLoader}. */
    public LlamaCppProvider() {
    }

    @Override
    public String framework() {
        return LlamaCppEngine.FRAMEWORK;
    }

    @Override
    public List<String> precisions() {
        return Arrays.stream(GgufPrecision.values()).map(GgufPrecision::label).toList();
    }

    @Override
    public Engine open(EngineOptions options) throws EngineException {
        GgufPrecision precision = GgufPrecision.byLabel(options.precision()).orElseThrow(() -> new IllegalArgumentException(
                "framework llama.cpp cannot run precision '" + options.precision() + "'; valid: " + GgufPrecision.labels()));
        ModelCache cache = ModelCache.defaultCache();
        Path folder;
        Path gguf;
        LlamaConfig config;
        try {
            folder = cache.resolve(options.model());
            config = LlamaConfig.read(folder.resolve("config.json"));
            gguf = GgufConverter.cached(folder, precision, cache);
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        int sequenceTokens = Math.min(options.maxSequenceTokens(), config.maxPositionEmbeddings());
        HfTokenizer tokenizer;
        try {
            tokenizer = HfTokenizer.open(folder.resolve("tokenizer.json"));
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        try {
            return LlamaCppEngine.open(gguf, precision.label(), tokenizer, options.threads(), options.maxBatchSize(), sequenceTokens,
                    LlamaCppSettings.fromSystemProperty(), options.clock());
        } catch (EngineException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }
}
