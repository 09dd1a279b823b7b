package dev.tokenbench.engine.http;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineProvider;
import java.util.List;

/**
 * Opens {@code openai} engines: the model is {@code BASE_URL#MODEL_NAME} ({@link OpenAiTarget}), the connection
 * settings come from {@code -Dtokenbench.openai.options} ({@link OpenAiSettings}).
 */
public final class OpenAiProvider implements EngineProvider {

    /** Framework name in results and {@code @Param}. */
    public static final String FRAMEWORK = "openai";

    /** For {@link java.util.ServiceLoader}. */
    public OpenAiProvider() {
    }

    @Override
    public String framework() {
        return FRAMEWORK;
    }

    /** The server decides what it computes with; the precision is recorded as asked, to group rows in reports. */
    @Override
    public List<String> precisions() {
        return List.of(EngineOptions.DEFAULT_PRECISION, "f16", "bf16", "q8_0");
    }

    @Override
    public void checkModel(String model) {
        OpenAiTarget.parse(model);
    }

    @Override
    public Engine open(EngineOptions options) throws EngineException {
        return new OpenAiEngine(OpenAiTarget.parse(options.model()), OpenAiSettings.fromSystemProperty(), options.clock(), options.precision(),
                options.threads());
    }
}
