package dev.tokenbench.engine.jlama;

import dev.tokenbench.engine.Engine;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.engine.EngineOptions;
import dev.tokenbench.engine.EngineProvider;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;

/**
 * Opens {@code jlama} engines for the registry. Compiled for Java 17 like the rest of tokenbench: it checks models and
 * requests as every provider does, and opens the engine (compiled for 21, {@value JlamaRuntime#ENGINE_CLASS}) by name
 * only when this JVM can run it ({@link JlamaRuntime#problemOfThisJvm()}); otherwise it fails in one line saying how.
 */
public final class JlamaProvider implements EngineProvider {

    /** The name this engine goes by in {@code @Param}s and results. */
    public static final String FRAMEWORK = "jlama";
    /** Precisions: the layers' weights as {@link JlamaPrecision} defines them. */
    static final List<String> PRECISIONS = JlamaPrecision.labels();

    /** For {@link java.util.ServiceLoader}. */
    public JlamaProvider() {
    }

    @Override
    public String framework() {
        return FRAMEWORK;
    }

    @Override
    public List<String> precisions() {
        return PRECISIONS;
    }

    @Override
    public Engine open(EngineOptions options) throws EngineException {
        Optional<String> problem = JlamaRuntime.problemOfThisJvm();
        if (problem.isPresent()) {
            throw new EngineException(problem.get());
        }
        try {
            return (Engine) Class.forName(JlamaRuntime.ENGINE_CLASS).getMethod("open", EngineOptions.class).invoke(null, options);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof EngineException engineException) {
                throw engineException;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EngineException(FRAMEWORK + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new EngineException(FRAMEWORK + ": cannot load " + JlamaRuntime.ENGINE_CLASS + ": " + e, e);
        }
    }
}
