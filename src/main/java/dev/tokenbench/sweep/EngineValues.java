package dev.tokenbench.sweep;

import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.jmh.ParamCheck;
import dev.tokenbench.jmh.WorkloadParams;

/**
 * The seam between a sweep and the engines' own checks of their values (framework, model, precision, counts, and
 * whether the prompt and new tokens fit the model's context): the one place the sweep asks whether an engine
 * accepts a configuration, before any fork starts.
 */
final class EngineValues {

    private EngineValues() {
    }

    /**
     * Checks one configuration as the benchmark's setup would inside its fork.
     *
     * @throws IllegalArgumentException naming the bad value and listing the valid ones
     */
    static void check(Configuration configuration) {
        ParamCheck.check(new WorkloadParams(configuration.framework(), configuration.model(), configuration.batchSize(),
                configuration.promptTokens(), configuration.newTokens(), configuration.threads(), configuration.precision()));
        EngineRegistry.provider(configuration.framework())
                .ifPresent(provider -> provider.checkRequest(configuration.model(), configuration.promptTokens(), configuration.newTokens()));
    }
}
