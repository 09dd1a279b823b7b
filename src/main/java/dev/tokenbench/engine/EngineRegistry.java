package dev.tokenbench.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The frameworks this build can run, by name: the one place that turns a {@code framework} parameter into an
 * engine, and that lists the valid names when one is wrong.
 */
public final class EngineRegistry {

    private static final Map<String, EngineProvider> PROVIDERS = new LinkedHashMap<>();

    static {
        register(new FakeEngine.Provider());
    }

    private EngineRegistry() {
    }

    private static void register(EngineProvider provider) {
        PROVIDERS.put(provider.framework(), provider);
    }

    /** Framework names, in registration order. */
    public static List<String> frameworks() {
        return List.copyOf(PROVIDERS.keySet());
    }

    /** The provider of a framework, if this build has it. */
    public static Optional<EngineProvider> provider(String framework) {
        return Optional.ofNullable(PROVIDERS.get(framework));
    }

    /**
     * Checks a framework name and precision before anything is opened.
     *
     * @throws IllegalArgumentException naming the bad value and listing the valid ones
     */
    public static EngineProvider check(String framework, String precision) {
        EngineProvider provider = PROVIDERS.get(framework);
        if (provider == null) {
            throw new IllegalArgumentException("unknown framework '" + framework + "'; valid: " + String.join(", ", frameworks()));
        }
        if (!provider.precisions().contains(precision)) {
            throw new IllegalArgumentException("framework " + framework + " cannot run precision '" + precision + "'; valid: "
                    + String.join(", ", provider.precisions()));
        }
        return provider;
    }

    /** Opens an engine of {@code framework} with {@code options}. */
    public static Engine open(String framework, EngineOptions options) throws EngineException {
        return check(framework, options.precision()).open(options);
    }
}
