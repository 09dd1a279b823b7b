package dev.tokenbench.engine;

import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.ModelPreset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Opens the engines of one framework; the registry holds one provider per framework name. */
public interface EngineProvider {

    /** The framework name used in {@code @Param}, options and results, e.g. {@code djl-pytorch}. */
    String framework();

    /** Precisions this framework can run, e.g. {@code [f32]}. */
    List<String> precisions();

    /**
     * Checks a {@code model} value before any fork starts: by default a preset name or an existing file or folder
     * (the engine itself reads and checks the files). A provider whose models are named otherwise overrides this.
     *
     * @throws IllegalArgumentException naming the bad value and listing the valid ones
     */
    default void checkModel(String model) {
        if (ModelPreset.byName(model).isPresent()) {
            return;
        }
        boolean exists;
        try {
            exists = !model.isBlank() && Files.exists(Path.of(model));
        } catch (InvalidPathException e) {
            exists = false;
        }
        if (!exists) {
            throw new IllegalArgumentException("unknown model '" + model + "' for framework " + framework() + "; valid: "
                    + ModelPreset.names() + ", or the path of an existing model folder");
        }
    }

    /**
     * Checks a request shape before any fork starts: by default the model's context (a preset's, or
     * {@code max_position_embeddings} in a model folder's {@code config.json}) must hold the prompt and the new
     * tokens. A model whose context cannot be read here is left to the engine. A provider whose models have no
     * context overrides this.
     *
     * @throws IllegalArgumentException naming the model, its context and how to fit in it
     */
    default void checkRequest(String model, int promptTokens, int newTokens) {
        Optional<LlamaConfig> config = ModelPreset.byName(model).map(ModelPreset::config);
        if (config.isEmpty()) {
            try {
                Path file = Path.of(model).resolve("config.json");
                config = Files.isRegularFile(file) ? Optional.of(LlamaConfig.read(file)) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                config = Optional.empty();
            }
        }
        int context = config.map(LlamaConfig::maxPositionEmbeddings).orElse(Integer.MAX_VALUE);
        if ((long) promptTokens + newTokens > context) {
            throw new IllegalArgumentException("model " + model + " has a context of " + context + " positions: a prompt of " + promptTokens
                    + " tokens and " + newTokens + " new tokens need " + ((long) promptTokens + newTokens) + "; use a prompt of at most "
                    + Math.max(0, context - newTokens) + " tokens or fewer new tokens");
        }
    }

    /**
     * Whether this model of this framework does no work of its own, so that its figures are the harness's own cost
     * (the zero-delay fake); a summary states that cost beside such rows.
     */
    default boolean measuresHarnessCost(String model) {
        return false;
    }

    /** Opens an engine; failures name the model, the file or field, and how to fix it. */
    Engine open(EngineOptions options) throws EngineException;
}
