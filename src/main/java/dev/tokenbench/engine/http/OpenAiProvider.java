package dev.tokenbench.engine.http;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineProvider;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.serve.OpenAiServer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens {@code openai} engines: the model is {@code BASE_URL#MODEL_NAME} ({@link OpenAiTarget}) or
 * {@code serve:FRAMEWORK/MODEL} (an engine served in this JVM on an ephemeral loopback port, {@link InProcessServer}), the connection
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

    /** {@code BASE_URL#MODEL_NAME}, or {@code serve:FRAMEWORK/MODEL} ({@link InProcessServer}). */
    @Override
    public void checkModel(String model) {
        if (InProcessServer.isServe(model)) {
            InProcessServer.parse(model);
        } else {
            OpenAiTarget.parse(model);
        }
    }

    /** A remote server's context is unknown here; an in-process server's engine checks its own. */
    @Override
    public void checkRequest(String model, int promptTokens, int newTokens) {
        if (InProcessServer.isServe(model)) {
            InProcessServer served = InProcessServer.parse(model);
            EngineRegistry.provider(served.framework()).orElseThrow().checkRequest(served.model(), promptTokens, newTokens);
        }
    }

    @Override
    public Engine open(EngineOptions options) throws EngineException {
        OpenAiSettings settings = OpenAiSettings.fromSystemProperty();
        if (!InProcessServer.isServe(options.model())) {
            return new OpenAiEngine(OpenAiTarget.parse(options.model()), settings, options.clock(), options.precision(), options.threads(), null);
        }
        InProcessServer served = InProcessServer.parse(options.model());
        Engine engine = EngineRegistry.open(served.framework(), new EngineOptions(served.model(), options.precision(), options.threads(),
                options.maxBatchSize(), options.maxSequenceTokens(), options.clock()));
        OpenAiServer server = null;
        try {
            server = OpenAiServer.start(engine, served.model(), "127.0.0.1", 0, options.maxBatchSize(), IN_PROCESS_MAX_QUEUE, Integer.MAX_VALUE,
                    TimeUnit.MILLISECONDS.toNanos(OpenAiServer.DEFAULT_BATCH_WINDOW_MILLIS));
            return new OpenAiEngine(OpenAiTarget.parse(server.baseUrl() + "#" + served.model()), settings, options.clock(), options.precision(),
                    options.threads(), new ServedEngine(server, engine));
        } catch (IOException | EngineException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            engine.close();
            throw e instanceof EngineException engineException ? engineException
                    : new EngineException(options.model() + ": could not start serve on 127.0.0.1: " + e.getMessage());
        }
    }

    /** Waiting requests an in-process server admits: enough for any load episode's backlog. */
    static final int IN_PROCESS_MAX_QUEUE = 4096;

    /** The server and engine an in-process {@code serve:} model owns, closed server first. */
    record ServedEngine(OpenAiServer server, Engine engine) implements AutoCloseable {
        @Override
        public void close() throws EngineException {
            server.close();
            engine.close();
        }
    }
}
