package dev.tokenbench.jmh;

import dev.tokenbench.engine.EngineRegistry;
import dev.tokenbench.engine.FakeEngine;
import dev.tokenbench.model.ModelPreset;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks benchmark parameters before any fork starts, so that a typo fails in a second with a one-line message
 * listing the valid values, instead of minutes later inside a fork.
 */
public final class ParamCheck {

    private ParamCheck() {
    }

    /**
     * Checks that every name is a tokenbench parameter.
     *
     * @throws IllegalArgumentException naming the first unknown one and listing the valid names
     */
    public static void checkNames(Collection<String> names) {
        for (String name : names) {
            if (!WorkloadParams.NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; valid: " + String.join(", ", WorkloadParams.NAMES));
            }
        }
    }

    /**
     * Checks every combination of a parameter grid (each name with its values, as {@code -p} gives them).
     *
     * @throws IllegalArgumentException naming the first bad value and listing the valid ones
     */
    public static void checkGrid(Map<String, ? extends Collection<String>> grid) {
        checkNames(grid.keySet());
        for (String name : List.of("batchSize", "promptTokens", "newTokens", "threads")) {
            for (String value : values(grid, name)) {
                positiveInt(name, value);
            }
        }
        for (String framework : values(grid, "framework")) {
            for (String precision : values(grid, "precision")) {
                EngineRegistry.check(framework, precision);
            }
            for (String model : values(grid, "model")) {
                checkModel(framework, model);
            }
        }
    }

    /**
     * Checks one configuration, as the benchmark's setup does inside the fork.
     *
     * @throws IllegalArgumentException naming the bad value and listing the valid ones
     */
    public static void check(WorkloadParams params) {
        checkGrid(Map.of(
                "framework", List.of(params.framework()),
                "model", List.of(params.model()),
                "batchSize", List.of(Integer.toString(params.batchSize())),
                "promptTokens", List.of(Integer.toString(params.promptTokens())),
                "newTokens", List.of(Integer.toString(params.newTokens())),
                "threads", List.of(Integer.toString(params.threads())),
                "precision", List.of(params.precision())));
    }

    /**
     * Checks a model value for a framework: a fake schedule for {@code fake}; for every other framework a preset
     * name or an existing file or folder (the engine itself reads and checks the files).
     */
    static void checkModel(String framework, String model) {
        if (framework.equals(FakeEngine.FRAMEWORK)) {
            if (FakeModels.timing(model).isEmpty()) {
                throw new IllegalArgumentException("unknown model '" + model + "' for framework fake; valid: " + FakeModels.VALID);
            }
            return;
        }
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
            throw new IllegalArgumentException("unknown model '" + model + "' for framework " + framework + "; valid: "
                    + ModelPreset.names() + ", or the path of an existing model folder");
        }
    }

    private static Collection<String> values(Map<String, ? extends Collection<String>> grid, String name) {
        Collection<String> values = grid.get(name);
        return values == null ? List.of() : values;
    }

    private static void positiveInt(String name, String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive integer, was '" + value + "'");
        }
        if (parsed < 1) {
            throw new IllegalArgumentException(name + " must be a positive integer, was '" + value + "'");
        }
    }
}
