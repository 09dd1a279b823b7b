package dev.tokenbench.agreement;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.djl.DjlPytorchEngine;
import dev.tokenbench.engine.llamacpp.LlamaCppEngine;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import dev.tokenbench.model.ModelCache;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Measures {@link Agreement} of llama.cpp with djl-pytorch: both engines are opened in this JVM on the same model,
 * handed the same prompt ids (the workload's prompt, {@code promptOfTokens(P)}, tokenized by the model's
 * {@code tokenizer.json}), and generate N tokens greedily over the whole vocabulary (nothing excluded: both take the
 * argmax of their own logits). Never run inside a timed benchmark: it loads models and compares logits.
 */
public final class AgreementCheck {

    private AgreementCheck() {
    }

    /**
     * llama.cpp at {@code precision} against djl-pytorch at f32 on {@code model}, prompt of {@code promptTokens}
     * tokens, {@code newTokens} new tokens.
     */
    public static Agreement llamaCppVsDjl(String model, String precision, int promptTokens, int newTokens) throws EngineException {
        EngineOptions.Builder options = EngineOptions.builder().setModel(model).optMaxSequenceTokens(promptTokens + newTokens);
        int[] promptIds;
        try (HfTokenizer tokenizer = HfTokenizer.open(modelFolder(model).resolve("tokenizer.json"))) {
            promptIds = tokenizer.encode(tokenizer.promptOfTokens(promptTokens));
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
        int[] ids;
        int[] excluded = {};
        try (Engine engine = EngineRegistry.open(LlamaCppEngine.FRAMEWORK, options.optPrecision(precision).build())) {
            ids = ((LlamaCppEngine) engine).greedyTokenIds(promptIds, newTokens);
        }
        float[][] logits;
        int[] referenceIds = new int[newTokens];
        try (Engine engine = EngineRegistry.open(DjlPytorchEngine.FRAMEWORK, options.optPrecision("f32").build())) {
            logits = ((DjlPytorchEngine) engine).greedyLogits(promptIds, newTokens, excluded);
        }
        for (int t = 0; t < newTokens; t++) {
            referenceIds[t] = DjlPytorchEngine.argMax(logits[t], excluded);
        }
        return Agreement.of(model, precision, promptIds.length, LlamaCppEngine.FRAMEWORK, DjlPytorchEngine.FRAMEWORK, ids,
                referenceIds, logits, excluded);
    }

    private static Path modelFolder(String model) throws IOException {
        return ModelCache.defaultCache().resolve(model);
    }
}
