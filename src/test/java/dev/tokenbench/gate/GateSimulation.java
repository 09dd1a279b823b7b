package dev.tokenbench.gate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * False-alarm rate and power of the gate's decision on synthetic, seeded samples, for the three procedures of a CI
 * gate. A lower-is-better figure (ITL mean) with a level of 1 is multiplied by log-normal factors:
 * <ul>
 *   <li><b>sequential</b>: each side is one run with its own level {@code exp(runSigma Z)} (machine drift between runs)
 *       and {@code iterations} measured iterations with {@code exp(iterationSigma Z)} each; Welch on the iterations,
 *       as a plain "baseline file vs current file" gate does;</li>
 *   <li><b>interleaved</b>: {@code rounds} rounds; a round's level {@code exp(roundSigma Z)} is shared by both sides'
 *       forks, each fork adds its own {@code exp(forkSigma Z)}; the paired test on rounds, and Welch on the same
 *       rounds to show what pairing buys;</li>
 *   <li><b>duet</b>: as interleaved, both forks at once, so more of the noise is shared and a fork adds only
 *       {@code exp(duetSigma Z)}.</li>
 * </ul>
 * The current side is multiplied by {@code 1 + slowdown}. The noise levels are assumptions shaped by the issue's
 * measurements (run-to-run drift of 12 to 50%, within-run spread of a few %), not measurements of this machine.
 *
 * <p>Run (about 15 s): {@code mvn -B -o -q test-compile && java -cp
 * target/classes:target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar
 * dev.tokenbench.gate.GateSimulation [TRIALS]}. {@code GateSimulationTest} checks the same properties with fewer cells.
 */
public final class GateSimulation {

    /** Noise levels (standard deviations of the log factors) of one scenario. */
    record Noise(double runSigma, double iterationSigma, double roundSigma, double forkSigma, double duetSigma) {
    }

    /** How each procedure's samples are built and tested. */
    enum Procedure { SEQUENTIAL_WELCH, INTERLEAVED_WELCH, INTERLEAVED_PAIRED, DUET_PAIRED }

    static final GateFigure ITL = GateFigures.byName("itl.mean").orElseThrow();
    private static final String WORKLOAD = "w";

    private GateSimulation() {
    }

    /**
     * The share of {@code trials} comparisons the gate calls a regression.
     *
     * @param thresholdPercent the figure's threshold (0: significance alone decides)
     */
    static double regressionRate(Procedure procedure, Noise noise, double slowdown, int replicates, double thresholdPercent,
                                 double alpha, int trials, long seed) throws GateInputException {
        SplittableRandom random = new SplittableRandom(seed);
        GateSettings settings = GateSettings.of(GateThresholds.parse(List.of("itl.mean=" + thresholdPercent)), alpha, 2, false);
        int regressions = 0;
        for (int trial = 0; trial < trials; trial++) {
            Replicates baseline = new Replicates();
            Replicates current = new Replicates();
            GateInput.Design design = GateInput.Design.PAIRED_ROUNDS;
            switch (procedure) {
                case SEQUENTIAL_WELCH -> {
                    design = GateInput.Design.INDEPENDENT;
                    double baselineLevel = lognormal(random, noise.runSigma());
                    double currentLevel = lognormal(random, noise.runSigma()) * (1 + slowdown);
                    for (int i = 0; i < replicates; i++) {
                        baseline.add(WORKLOAD, ITL, baselineLevel * lognormal(random, noise.iterationSigma()));
                        current.add(WORKLOAD, ITL, currentLevel * lognormal(random, noise.iterationSigma()));
                    }
                }
                case INTERLEAVED_WELCH, INTERLEAVED_PAIRED, DUET_PAIRED -> {
                    if (procedure == Procedure.INTERLEAVED_WELCH) {
                        design = GateInput.Design.INDEPENDENT;
                    }
                    double forkSigma = procedure == Procedure.DUET_PAIRED ? noise.duetSigma() : noise.forkSigma();
                    for (int round = 0; round < replicates; round++) {
                        double level = lognormal(random, noise.roundSigma());
                        baseline.add(WORKLOAD, ITL, level * lognormal(random, forkSigma));
                        current.add(WORKLOAD, ITL, level * lognormal(random, forkSigma) * (1 + slowdown));
                    }
                }
                default -> throw new IllegalStateException(procedure.name());
            }
            GateResult result = Gate.evaluate(new GateInput(design, baseline, current, Optional.empty()), settings);
            if (result.regressions() > 0) {
                regressions++;
            }
        }
        return (double) regressions / trials;
    }

    private static double lognormal(SplittableRandom random, double sigma) {
        return Math.exp(sigma * gaussian(random));
    }

    /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Prints the table of regression rates per procedure, slowdown and threshold. */
    public static void main(String[] args) throws GateInputException {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        double alpha = GateSettings.DEFAULT_ALPHA;
        Noise iid = new Noise(0, 0.03, 0, 0.03, 0.03);
        Noise drifting = new Noise(0.20, 0.03, 0.20, 0.04, 0.02);
        System.out.printf(Locale.ROOT, "%d trials per cell, alpha %.2f, %d replicates (iterations or rounds) per side%n%n", trials, alpha, 10);
        System.out.println("1. The tests alone (threshold 0), no drift, every factor log-normal sigma 0.03: rejection rate");
        System.out.println("procedure            slowdown 0%  2%      5%");
        for (Procedure procedure : Procedure.values()) {
            System.out.printf(Locale.ROOT, "%-20s %6.4f  %6.4f  %6.4f%n", procedure, regressionRate(procedure, iid, 0, 10, 0, alpha, trials, 1),
                    regressionRate(procedure, iid, 0.02, 10, 0, alpha, trials, 2), regressionRate(procedure, iid, 0.05, 10, 0, alpha, trials, 3));
        }
        System.out.printf(Locale.ROOT, "%n2. With drift (run and round sigma 0.20, fork 0.04, duet 0.02, iteration 0.03): regression rate%n");
        System.out.println("procedure            threshold  slowdown 0%  10%     20%");
        for (double threshold : new double[] {5, 10, 50}) {
            for (Procedure procedure : Procedure.values()) {
                System.out.printf(Locale.ROOT, "%-20s %5.0f%%     %6.4f  %6.4f  %6.4f%n", procedure, threshold,
                        regressionRate(procedure, drifting, 0, 10, threshold, alpha, trials, 11),
                        regressionRate(procedure, drifting, 0.10, 10, threshold, alpha, trials, 12),
                        regressionRate(procedure, drifting, 0.20, 10, threshold, alpha, trials, 13));
            }
        }
        System.out.printf(Locale.ROOT, "%n3. Interleaved paired, threshold 5%%, fork sigma 0.04: regression rate by rounds%n");
        System.out.println("rounds  slowdown 0%  10%     20%");
        for (int rounds : new int[] {5, 6, 8, 10, 15}) {
            System.out.printf(Locale.ROOT, "%6d  %6.4f  %6.4f  %6.4f%n", rounds,
                    regressionRate(Procedure.INTERLEAVED_PAIRED, drifting, 0, rounds, 5, alpha, trials, 21),
                    regressionRate(Procedure.INTERLEAVED_PAIRED, drifting, 0.10, rounds, 5, alpha, trials, 22),
                    regressionRate(Procedure.INTERLEAVED_PAIRED, drifting, 0.20, rounds, 5, alpha, trials, 23));
        }
        System.out.printf(Locale.ROOT, "%n4. Paired rounds (interleaved or duet), 10 rounds, by the noise of the per-round ratios (the CV that"
                + " GateCampaign and GateNoise measure; fork sigma = CV / sqrt 2, round drift 0.20 cancels): regression rate%n");
        System.out.println("ratio CV  threshold  slowdown 0%  10%     20%");
        for (double cv : new double[] {0.02, 0.04, 0.06, 0.08, 0.12, 0.20, 0.35}) {
            Noise measured = new Noise(0.20, 0.03, 0.20, cv / Math.sqrt(2), cv / Math.sqrt(2));
            for (double threshold : new double[] {5, 10}) {
                System.out.printf(Locale.ROOT, "%7.0f%%  %5.0f%%     %6.4f  %6.4f  %6.4f%n", 100 * cv, threshold,
                        regressionRate(Procedure.INTERLEAVED_PAIRED, measured, 0, 10, threshold, alpha, trials, 31),
                        regressionRate(Procedure.INTERLEAVED_PAIRED, measured, 0.10, 10, threshold, alpha, trials, 32),
                        regressionRate(Procedure.INTERLEAVED_PAIRED, measured, 0.20, 10, threshold, alpha, trials, 33));
            }
        }
    }
}
