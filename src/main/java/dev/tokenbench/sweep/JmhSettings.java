package dev.tokenbench.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The JMH settings every configuration of a sweep runs with.
 *
 * @param forks                 JMH forks per configuration and round ({@code -f})
 * @param warmupIterations      warm-up iterations per fork ({@code -wi}); excluded from every figure
 * @param measurementIterations measured iterations per fork ({@code -i})
 * @param iterationMillis       time per iteration ({@code -w} and {@code -r}) for time-boxed benchmarks (prefill);
 *                              empty keeps the benchmark's own; single-shot benchmarks run one request per iteration
 */
public record JmhSettings(int forks, int warmupIterations, int measurementIterations, OptionalLong iterationMillis) {

    /** The settings of a spec that names none: one fork, 2 warm-up and 10 measured iterations. */
    public static final JmhSettings DEFAULT = new JmhSettings(1, 2, 10, OptionalLong.empty());

    public JmhSettings {
        if (forks < 1 || warmupIterations < 0 || measurementIterations < 1) {
            throw new IllegalArgumentException("forks and measured iterations must be at least 1, warm-up iterations at least 0");
        }
    }

    /** The JMH command-line options for these settings. */
    public List<String> jmhArguments() {
        List<String> arguments = new ArrayList<>(List.of("-f", Integer.toString(forks), "-wi", Integer.toString(warmupIterations),
                "-i", Integer.toString(measurementIterations)));
        iterationMillis.ifPresent(millis -> arguments.addAll(List.of("-w", millis + "ms", "-r", millis + "ms")));
        return arguments;
    }
}
