package dev.tokenbench.engine.djl;

import dev.tokenbench.engine.EngineException;
import dev.tokenbench.measure.NanoClock;
import dev.tokenbench.model.LlamaConfig;
import dev.tokenbench.model.TensorSource;

/** Test-only shortcuts for opening engines (keeping the op-by-op reference pass, which tests compare with). */
final class Engines {

    private Engines() {
    }

    static DjlPytorchEngine open(LlamaConfig config, TensorSource source, int maxBatch) throws EngineException {
        return open(config, source, maxBatch, NanoClock.system());
    }

    static DjlPytorchEngine open(LlamaConfig config, TensorSource source, int maxBatch, NanoClock clock) throws EngineException {
        return DjlPytorchEngine.builder()
                .setConfig(config)
                .setTensors(source)
                .setTokenizer(new ByteTokenizer())
                .optThreads(1)
                .optClock(clock)
                .optMaxBatch(maxBatch)
                .optKeepReferencePass(true)
                .build();
    }
}
