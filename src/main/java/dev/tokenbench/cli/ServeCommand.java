package dev.tokenbench.cli;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.serve.OpenAiServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code serve}: one engine behind an OpenAI-compatible streaming HTTP API until the process is stopped. */
@Command(name = "serve", description = {
    "Serves one engine over an OpenAI-compatible streaming HTTP API (/v1/completions, /v1/chat/completions, /v1/models, /health, /tokenize) until"
        + " stopped (Ctrl-C).",
    "Concurrent prompts of the same max_tokens arriving within --batch-window-ms of each other are batched statically up to --max-batch;"
        + " a request whose prompts do not fit --max-queue gets 429.",
})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--framework", paramLabel = "NAME", description = "Framework to serve: djl-pytorch, llama.cpp or fake (default: ${DEFAULT-VALUE}).")
    String framework = "djl-pytorch";

    @Option(names = "--model", paramLabel = "PRESET|PATH", description = "tiny, small, base, or a model folder (default: ${DEFAULT-VALUE}).")
    String model = "tiny";

    @Option(names = "--served-model-name", paramLabel = "NAME", description = "The name clients put in 'model' (default: the --model value).")
    String servedModelName;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default: ${DEFAULT-VALUE}, loopback only).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "P", description = "Port to bind, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port = 8000;

    @Option(names = "--max-batch", paramLabel = "B", description = "Most requests served together in one engine batch (default: ${DEFAULT-VALUE}).")
    int maxBatch = 8;

    @Option(names = "--max-queue", paramLabel = "Q", description = "Most prompts waiting for the engine; a request that does not fit gets 429 (default: ${DEFAULT-VALUE}).")
    int maxQueue = 64;

    @Option(names = "--batch-window-ms", paramLabel = "MS", description = "Batching window: the oldest waiting prompt waits up to MS ms for others to fill"
            + " its batch (0: none; a full batch never waits) (default: ${DEFAULT-VALUE}).")
    long batchWindowMillis = OpenAiServer.DEFAULT_BATCH_WINDOW_MILLIS;

    @Option(names = "--max-tokens-limit", paramLabel = "N", description = "Largest max_tokens accepted (default: ${DEFAULT-VALUE}).")
    int maxTokensLimit = 4096;

    @Option(names = "--threads", paramLabel = "T", description = "Compute threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--precision", paramLabel = "P", description = "Weight precision (default: ${DEFAULT-VALUE}).")
    String precision = EngineOptions.DEFAULT_PRECISION;

    @Override
    public Integer call() throws EngineException, IOException, InterruptedException {
        if (maxBatch < 1 || maxQueue < 0 || threads < 1 || maxTokensLimit < 1 || port < 0 || port > 65_535) {
            throw new UsageException("--max-batch, --threads and --max-tokens-limit must be >= 1, --max-queue >= 0, --port 0..65535; were "
                    + maxBatch + ", " + threads + ", " + maxTokensLimit + ", " + maxQueue + ", " + port);
        }
        if (batchWindowMillis < 0 || batchWindowMillis > 60_000) {
            throw new UsageException("--batch-window-ms must be from 0 to 60000 (milliseconds), was " + batchWindowMillis);
        }
        if (framework.equals("openai")) {
            throw new UsageException("--framework openai is a client of a server; serve djl-pytorch, llama.cpp or fake");
        }
        EngineRegistry.check(framework, precision);
        EngineRegistry.checkModel(framework, model);
        PrintWriter out = spec.commandLine().getOut();
        EngineOptions options = EngineOptions.builder().setModel(model).optPrecision(precision).optThreads(threads).optMaxBatchSize(maxBatch).build();
        try (Engine engine = EngineRegistry.open(framework, options);
             OpenAiServer server = OpenAiServer.start(engine, servedModelName == null ? model : servedModelName, host, port, maxBatch, maxQueue,
                     maxTokensLimit, TimeUnit.MILLISECONDS.toNanos(batchWindowMillis))) {
            out.println("tokenbench serve: " + engine.info().framework() + " " + engine.info().frameworkVersion() + ", model "
                    + (servedModelName == null ? model : servedModelName) + ", at " + server.baseUrl() + " (max batch " + maxBatch + ", max queue "
                    + maxQueue + ", batch window " + batchWindowMillis + " ms); stop with Ctrl-C");
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "tokenbench-serve-stop"));
            stopped.await();
        }
        return ExitCodes.OK;
    }
}
