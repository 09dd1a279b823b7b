package dev.tokenbench.gate;

import dev.tokenbench.report.RatioTest;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The gate's comparison of one figure of one workload.
 *
 * @param workload         the workload's label
 * @param figure           the figure
 * @param baselineMean     mean of the baseline's replicates, in the stored unit; absent when not measured
 * @param currentMean      mean of the current's replicates; absent when not measured
 * @param test             the ratio current / baseline with its interval at {@code 1 - alpha} and p-value; absent when a
 *                         side has no values
 * @param thresholdPercent how much worse the figure may get, in percent
 * @param verdict          the decision
 */
public record GateRow(String workload, GateFigure figure, OptionalDouble baselineMean, OptionalDouble currentMean,
                      Optional<RatioTest> test, double thresholdPercent, GateVerdict verdict) {

    public GateRow {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(figure, "figure");
        Objects.requireNonNull(baselineMean, "baselineMean");
        Objects.requireNonNull(currentMean, "currentMean");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(verdict, "verdict");
    }
}
