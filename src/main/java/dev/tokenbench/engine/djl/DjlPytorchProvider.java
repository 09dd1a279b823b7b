package dev.tokenbench.engine.djl;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineProvider;
import dev.tokenbench.model.tokenizer.HfTokenizer;
import dev.tokenbench.model.LlamaCheckpoint;
import dev.tokenbench.model.ModelCache;
import dev.tokenbench.model.tokenizer.TextTokenizer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens {@code djl-pytorch} engines for the registry: resolves the model (a preset, generated into the cache on
 * first use, or a local Hugging Face folder), loads its weights and tokenizer, and bounds the engine by the
 * options' largest batch and sequence (capped at the model's {@code max_position_embeddings}; a request beyond it
 * fails with the engine's message naming prompt, new tokens and context).
 */
public final class DjlPytorchProvider implements EngineProvider {

    /** For {@link java.util.ServiceLoader}. */
    public DjlPytorchProvider() {
    }

    @Override
    public String framework() {
        return DjlPytorchEngine.FRAMEWORK;
    }

    @Override
    public List<String> precisions() {
        return List.of("f32");
    }

    /**
     * Opens the engine. On a cold JVM, loading PyTorch's native library, the first JSON parse (the checkpoint's
     * headers) and loading the tokenizer take a few hundred milliseconds each, as does copying the weights; they
     * are overlapped: PyTorch loads in the background while the checkpoint opens, then the tokenizer loads in the
     * background while the weights are copied. The engine is returned once both are done.
     */
    @Override
    public Engine open(EngineOptions options) throws EngineException {
        CompletableFuture<ai.djl.engine.Engine> pytorch = inBackground("djl-pytorch-load",
                () -> ai.djl.engine.Engine.getEngine("PyTorch"));
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(ModelCache.defaultCache().resolve(options.model()))) {
            int context = Math.min(options.maxSequenceTokens(), checkpoint.config().maxPositionEmbeddings());
            LoadingTokenizer tokenizer = new LoadingTokenizer(inBackground("djl-pytorch-tokenizer", checkpoint::openTokenizer));
            DjlPytorchEngine engine;
            try {
                pytorch.handle((loaded, failure) -> loaded).join();  // a failure is reported by build() with its fix
                engine = DjlPytorchEngine.builder()
                        .setConfig(checkpoint.config())
                        .setTensors(checkpoint.tensors())
                        .setTokenizer(tokenizer)
                        .optOwnTokenizer(true)
                        .optThreads(options.threads())
                        .optClock(options.clock())
                        .optMaxBatch(options.maxBatchSize())
                        .optMaxContext(context)
                        .build();
            } catch (EngineException | RuntimeException e) {
                tokenizer.close();
                throw e;
            }
            try {
                tokenizer.await();
            } catch (EngineException | RuntimeException e) {
                engine.close();
                throw e;
            }
            return engine;
        } catch (IOException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /**
     * A tokenizer still loading in the background: the engine can be built with it, and every use waits for the
     * load. {@link #await} surfaces a failed load as the open's error.
     */
    private static final class LoadingTokenizer implements TextTokenizer {
        private final CompletableFuture<HfTokenizer> load;

        LoadingTokenizer(CompletableFuture<HfTokenizer> load) {
            this.load = load;
        }

        /** Waits for the load; a model format error becomes an {@link EngineException}. */
        HfTokenizer await() throws EngineException {
            try {
                return load.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw new EngineException(io.getMessage(), io);
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        }

        private HfTokenizer loaded() {
            return load.join();
        }

        @Override
        public int[] encode(String text) {
            return loaded().encode(text);
        }

        @Override
        public String decode(int[] tokenIds) {
            return loaded().decode(tokenIds);
        }

        @Override
        public String promptOfTokens(int promptTokens) {
            return loaded().promptOfTokens(promptTokens);
        }

        /** Closes the tokenizer now, or when its load completes. */
        @Override
        public void close() {
            load.thenAccept(HfTokenizer::close);
        }
    }

    /** Runs {@code task} on a new daemon thread named {@code name}. */
    private static <T> CompletableFuture<T> inBackground(String name, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }
}
