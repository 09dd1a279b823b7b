package dev.tokenbench.jmh;

import dev.tokenbench.engine.EngineRegistry;
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
                EngineRegistry.checkModel(framework, model);
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
