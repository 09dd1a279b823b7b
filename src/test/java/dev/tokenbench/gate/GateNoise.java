package dev.tokenbench.gate;

import dev.tokenbench.measure.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The noise of a jar comparison's rounds (a {@code --work-dir} of {@code gate --baseline-jar --current-jar}), per
 * workload and figure: the coefficient of variation of the per-round ratios current / baseline (what the paired test
 * sees), of each side's values across rounds (the run-to-run drift a sequential comparison sees), and of the
 * iterations within one run (what Welch on one run's iterations sees, averaged over runs). With identical jars this
 * is the A/A noise the default thresholds are chosen from.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:target/benchmarks.jar dev.tokenbench.gate.GateNoise WORK_DIR}.
 */
public final class GateNoise {

    private GateNoise() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<GateRuns.Round> rounds = new ArrayList<>();
        for (int round = 1; Files.isDirectory(dir.resolve("round-" + round)); round++) {
            Path base = RunFolder.at(dir.resolve("round-" + round + "/baseline")).resultsFile();
            Path current = RunFolder.at(dir.resolve("round-" + round + "/current")).resultsFile();
            if (Files.isRegularFile(base) && Files.isRegularFile(current)) {
                rounds.add(new GateRuns.Round(GateRuns.read(List.of(base), "baseline"), GateRuns.read(List.of(current), "current")));
            }
        }
        System.out.printf(Locale.ROOT, "%d complete rounds in %s%n%n", rounds.size(), dir);
        System.out.printf(Locale.ROOT, "%-60s %-20s %8s %8s %8s %8s %8s%n", "workload", "figure", "ratio", "cv pair", "cv base", "cv curr",
                "cv iter");
        GateRuns first = rounds.get(0).baseline();
        for (String workload : first.workloads()) {
            for (GateFigure figure : GateFigures.defaults()) {
                List<Double> logRatios = new ArrayList<>();
                List<Double> baseValues = new ArrayList<>();
                List<Double> currentValues = new ArrayList<>();
                List<Double> iterationCvs = new ArrayList<>();
                for (GateRuns.Round round : rounds) {
                    Double b = value(round.baseline().merged().get(workload), figure);
                    Double c = value(round.current().merged().get(workload), figure);
                    if (b == null || c == null) {
                        continue;
                    }
                    baseValues.add(b);
                    currentValues.add(c);
                    logRatios.add(Math.log(c / b));
                    for (GateRuns side : List.of(round.baseline(), round.current())) {
                        Map<GateFigure, List<Double>> iterations = side.iterations().get(workload);
                        if (iterations != null && iterations.get(figure) != null && iterations.get(figure).size() > 1) {
                            iterationCvs.add(cv(iterations.get(figure)));
                        }
                    }
                }
                if (logRatios.size() < 2) {
                    continue;
                }
                double meanLog = logRatios.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                System.out.printf(Locale.ROOT, "%-60s %-20s %8.4f %7.1f%% %7.1f%% %7.1f%% %7.1f%%%n", shorten(workload), figure.name(),
                        Math.exp(meanLog), 100 * sd(logRatios), 100 * cv(baseValues), 100 * cv(currentValues),
                        100 * iterationCvs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            }
        }
    }

    private static Double value(Map<GateFigure, Double> figures, GateFigure figure) {
        return figures == null ? null : figures.get(figure);
    }

    private static String shorten(String workload) {
        return workload.length() <= 60 ? workload : workload.substring(0, 60);
    }

    /** Standard deviation (n - 1) of logs: the coefficient of variation for small spreads. */
    private static double sd(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.size() - 1));
    }

    private static double cv(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return sd(values) / mean;
    }
}
