package dev.tokenbench.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The frameworks this build can run, by name: the one place that turns a {@code framework} parameter into an
 * engine, and that lists the valid names when one is wrong.
 *
 * <p>Providers are found with {@link ServiceLoader} ({@code META-INF/services/dev.tokenbench.engine.EngineProvider}),
 * so a framework is added by a provider class and one line there, and the registry depends on no engine.
 */
public final class EngineRegistry {

    private static final Map<String, EngineProvider> PROVIDERS = new TreeMap<>();

    static {
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class, EngineRegistry.class.getClassLoader())) {
            EngineProvider previous = PROVIDERS.put(provider.framework(), provider);
            if (previous != null) {
                throw new IllegalStateException("two engine providers claim framework " + provider.framework() + ": "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
    }

    private EngineRegistry() {
    }

    /** Framework names, sorted. */
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
            throw unknownFramework(framework);
        }
        if (!provider.precisions().contains(precision)) {
            throw new IllegalArgumentException("framework " + framework + " cannot run precision '" + precision + "'; valid: "
                    + String.join(", ", provider.precisions()));
        }
        return provider;
    }

    /**
     * Checks a model value for a framework, as its provider defines models.
     *
     * @throws IllegalArgumentException naming the bad value and listing the valid ones
     */
    public static void checkModel(String framework, String model) {
        provider(framework).orElseThrow(() -> unknownFramework(framework)).checkModel(model);
    }

    private static IllegalArgumentException unknownFramework(String framework) {
        return new IllegalArgumentException("unknown framework '" + framework + "'; valid: " + String.join(", ", frameworks()));
    }

    /** Opens an engine of {@code framework} with {@code options}. */
    public static Engine open(String framework, EngineOptions options) throws EngineException {
        return check(framework, options.precision()).open(options);
    }
}
