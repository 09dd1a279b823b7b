package dev.tokenbench.engine;

import dev.tokenbench.model.ModelPreset;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/** Opens the engines of one framework; the registry holds one provider per framework name. */
public interface EngineProvider {

    /** The framework name used in {@code @Param}, options and results, e.g. {@code djl-pytorch}. */
    String framework();

    /** Precisions this framework can run, e.g. {@code [f32]}. */
    List<String> precisions();

    /**
     * Checks a {@code model} value before any fork starts: by default a preset name or an existing file or folder
     * (the engine itself reads and checks the files). A provider whose models are named otherwise overrides this.
     *
     * @throws IllegalArgumentException naming the bad value and listing the valid ones
     */
    default void checkModel(String model) {
        if (ModelPreset.byName(model).isPresent()) {
            return;
        }
        boolean exists;
        try {
            exists = !model.isBlank() && Files.exists(Path.of(model));
        } catch (InvalidPathException e) {
            exists = false;
        }
        if (!exists) {
            throw new IllegalArgumentException("unknown model '" + model + "' for framework " + framework() + "; valid: "
                    + ModelPreset.names() + ", or the path of an existing model folder");
        }
    }

    /**
     * Whether this model of this framework does no work of its own, so that its figures are the harness's own cost
     * (the zero-delay fake); a summary states that cost beside such rows.
     */
    default boolean measuresHarnessCost(String model) {
        return false;
    }

    /** Opens an engine; failures name the model, the file or field, and how to fix it. */
    Engine open(EngineOptions options) throws EngineException;
}
