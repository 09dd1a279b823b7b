package dev.tokenbench.sweep;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a spec into its configurations: the grid of every benchmark and axis value, less the exclusions, plus the
 * inclusions, each checked by the engines before anything runs.
 *
 * <p>The order is the spec's (benchmark, then axes in {@link SweepAxis} order, then inclusions); it is the order
 * of the plan and of the index, not the order of runs (rounds shuffle it).
 */
public final class Expansion {

    /** Checks whether the engines accept a configuration; throws {@link IllegalArgumentException} saying why not. */
    @FunctionalInterface
    public interface ValueCheck {
        void check(Configuration configuration);
    }

    /**
     * Most configurations a sweep's grid may have (per benchmark, before exclusions): beyond it a spec is a mistake
     * (10,000 forks of seconds each is already days), and expanding it would only run the heap out.
     */
    static final int MAX_CONFIGURATIONS = 10_000;

    private Expansion() {
    }

    /** The configurations of {@code spec}, checked by the engines this build has. */
    public static List<Configuration> expand(SweepSpec spec) {
        return expand(spec, EngineValues::check);
    }

    /**
     * The configurations of {@code spec}, checked by {@code check}.
     *
     * @throws SweepSpecException for an exclusion that names a value no axis has or matches nothing, exclusions that
     *                            leave nothing, an inclusion that an exclusion removes, or a value an engine rejects
     */
    public static List<Configuration> expand(SweepSpec spec, ValueCheck check) {
        checkSize(spec, spec.axes(), "axes");
        for (Selection inclusion : spec.inclusions()) {
            Map<SweepAxis, List<String>> axes = new EnumMap<>(spec.axes());
            axes.putAll(inclusion.values());
            checkSize(spec, axes, inclusion.key());
        }
        Map<String, Configuration> grid = new LinkedHashMap<>();
        for (SweepBenchmark benchmark : spec.benchmarks()) {
            for (Configuration configuration : product(benchmark, spec.axes())) {
                grid.put(configuration.id(), configuration);
            }
        }
        for (Selection exclusion : spec.exclusions()) {
            for (Map.Entry<SweepAxis, List<String>> entry : exclusion.values().entrySet()) {
                for (String value : entry.getValue()) {
                    if (!spec.axes().get(entry.getKey()).contains(value)) {
                        throw new SweepSpecException(spec.source(), exclusion.key() + "." + entry.getKey().key(), value
                                + " is not a value of axes." + entry.getKey().key() + " " + spec.axes().get(entry.getKey())
                                + ", so this exclusion can never match");
                    }
                }
            }
            if (grid.values().stream().noneMatch(exclusion::matches)) {
                throw new SweepSpecException(spec.source(), exclusion.key(), "matches no configuration of the grid");
            }
        }
        Map<String, Configuration> kept = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        for (Configuration configuration : grid.values()) {
            if (spec.exclusions().stream().noneMatch(exclusion -> exclusion.matches(configuration))) {
                kept.put(configuration.id(), configuration);
                origin.put(configuration.id(), "axes");
            }
        }
        if (kept.isEmpty() && spec.inclusions().isEmpty()) {
            throw new SweepSpecException(spec.source(), "exclude", "the exclusions remove every configuration of the grid");
        }
        for (Selection inclusion : spec.inclusions()) {
            Map<SweepAxis, List<String>> axes = new EnumMap<>(spec.axes());
            axes.putAll(inclusion.values());
            for (SweepBenchmark benchmark : spec.benchmarks()) {
                for (Configuration configuration : product(benchmark, axes)) {
                    for (Selection exclusion : spec.exclusions()) {
                        if (exclusion.matches(configuration)) {
                            throw new SweepSpecException(spec.source(), inclusion.key(), "adds " + configuration.id() + ", which "
                                    + exclusion.key() + " removes: conflicting; narrow one of them");
                        }
                    }
                    if (kept.putIfAbsent(configuration.id(), configuration) == null) {
                        origin.put(configuration.id(), inclusion.key());
                    }
                }
            }
        }
        for (Configuration configuration : kept.values()) {
            try {
                check.check(configuration);
            } catch (IllegalArgumentException e) {
                throw new SweepSpecException(spec.source(), origin.get(configuration.id()), e.getMessage() + " (configuration "
                        + configuration.id() + ")");
            }
        }
        return List.copyOf(kept.values());
    }

    /** Fails when {@code axes} span more than {@link #MAX_CONFIGURATIONS} configurations per benchmark. */
    private static void checkSize(SweepSpec spec, Map<SweepAxis, List<String>> axes, String key) {
        long size = 1;
        StringBuilder sizes = new StringBuilder();
        for (SweepAxis axis : SweepAxis.values()) {
            size *= axes.get(axis).size();
            sizes.append(sizes.length() == 0 ? "" : " x ").append(axes.get(axis).size());
            if (size > MAX_CONFIGURATIONS) {
                throw new SweepSpecException(spec.source(), key, "spans more than " + MAX_CONFIGURATIONS
                        + " configurations (" + sizes + " values in " + axis.key() + " and the axes before it); narrow the axes or"
                        + " split the sweep");
            }
        }
    }

    /** Every combination of the axes' values, the last axis varying fastest. */
    private static List<Configuration> product(SweepBenchmark benchmark, Map<SweepAxis, List<String>> axes) {
        List<Map<SweepAxis, String>> points = new ArrayList<>();
        points.add(new EnumMap<>(SweepAxis.class));
        for (SweepAxis axis : SweepAxis.values()) {
            List<Map<SweepAxis, String>> next = new ArrayList<>();
            for (Map<SweepAxis, String> point : points) {
                for (String value : axes.get(axis)) {
                    Map<SweepAxis, String> extended = new EnumMap<>(point);
                    extended.put(axis, value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points.stream().map(point -> Configuration.of(benchmark, point)).toList();
    }
}
