package dev.tokenbench.gate;

import static dev.tokenbench.gate.NormalizeFixtures.EPYC;
import static dev.tokenbench.gate.NormalizeFixtures.EPYC_UNCALIBRATED;
import static dev.tokenbench.gate.NormalizeFixtures.GRAVITON;
import static dev.tokenbench.gate.NormalizeFixtures.XEON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tokenbench.measure.Figure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationScaleTest {

    private static final GateFigure TOKENS = GateFigures.byName("output.tokens_per_s").orElseThrow();
    private static final GateFigure TTFT = GateFigures.byName("ttft.p50").orElseThrow();
    private static final GateFigure ITL = GateFigures.byName("itl.mean").orElseThrow();
    private static final GateFigure RSS = GateFigures.byName("rss.peak").orElseThrow();

    @TempDir
    Path dir;

    private static GateRow row(GateResult result, GateFigure figure) {
        return result.rows().stream().filter(row -> row.workload().startsWith("djl-pytorch") && row.figure().equals(figure)).findFirst()
                .orElseThrow(() -> new AssertionError("no djl-pytorch row for " + figure.name() + " in " + result.rows()));
    }

    private static GateRuns read(Path run, String flag, Optional<CalibrationScale> scale) throws GateInputException {
        return GateRuns.read(List.of(run), flag, List.of(), scale);
    }

    @Test
    void figureLimits_decodeByBandwidthPrefillByGemmMemoryNone() {
        assertThat(TOKENS.limit()).isEqualTo(Figure.Limit.STREAM_BANDWIDTH);
        assertThat(ITL.limit()).isEqualTo(Figure.Limit.STREAM_BANDWIDTH);
        assertThat(TTFT.limit()).isEqualTo(Figure.Limit.GEMM_PEAK);
        assertThat(GateFigures.byName("prefill.tokens_per_s").orElseThrow().limit()).isEqualTo(Figure.Limit.GEMM_PEAK);
        assertThat(RSS.limit()).isEqualTo(Figure.Limit.NONE);
    }

    @Test
    void read_sameMachine_noDifferenceComparedRaw() throws Exception {
        Path base = NormalizeFixtures.run(dir, "base", XEON, 1, 1, 1);
        Path now = NormalizeFixtures.run(dir, "now", XEON, 1.5, 0.5, 0.8);
        GateRuns baseline = read(base, "--baseline", Optional.empty());
        GateRuns current = read(now, "--current", Optional.empty());

        assertThat(GateRuns.machineDifference(baseline, current)).isEmpty();
        GateResult result = Gate.evaluate(GateRuns.independent(baseline, current), GateSettings.defaults());
        assertThat(row(result, TOKENS).test().orElseThrow().ratio()).isCloseTo(1.5, within(1e-9));
        assertThat(row(result, TTFT).test().orElseThrow().ratio()).isCloseTo(0.5, within(1e-9));
        assertThat(result.normalization()).isEmpty();
    }

    @Test
    void evaluate_differentMachinesNotNormalized_inconclusiveNamingBoth() throws Exception {
        GateRuns baseline = read(NormalizeFixtures.run(dir, "base", XEON, 1, 1, 1), "--baseline", Optional.empty());
        GateRuns current = read(NormalizeFixtures.run(dir, "now", EPYC, 2, 0.25, 0.5), "--current", Optional.empty());

        GateResult result = Gate.evaluate(GateRuns.independent(baseline, current), GateSettings.defaults());

        assertThat(result.rows()).hasSize(8).allSatisfy(row -> assertThat(((GateVerdict.Inconclusive) row.verdict()).cause())
                .isEqualTo(GateVerdict.Cause.DIFFERENT_MACHINES));
        assertThat(row(result, TOKENS).verdict().reason()).isEqualTo("baseline ran on Intel(R) Xeon(R) Processor, 2 cores, 23.5 GiB, host vm,"
                + " current on AMD EPYC 9654, 2 cores, 23.5 GiB, host ci-7; run both on one machine (--baseline-jar/--current-jar), or compare"
                + " them scaled by their calibrations (--normalize calibration)");
    }

    @Test
    void evaluate_sameHardwareOtherHost_differentMachines() throws Exception {
        NormalizeFixtures.Machine twin = new NormalizeFixtures.Machine(XEON.cpuModel(), "vm-2", XEON.limits());
        GateRuns baseline = read(NormalizeFixtures.run(dir, "base", XEON, 1, 1, 1), "--baseline", Optional.empty());
        GateRuns current = read(NormalizeFixtures.run(dir, "now", twin, 1, 1, 1), "--current", Optional.empty());

        assertThat(GateRuns.machineDifference(baseline, current)).hasValueSatisfying(text -> assertThat(text).endsWith("host vm-2"));
    }

    @Test
    void evaluate_normalized_ratiosOfNormalizedFiguresExact() throws Exception {
        Path base = NormalizeFixtures.run(dir, "base", XEON, 1, 1, 1);
        // On EPYC (2x the bandwidth, 4x the GEMM peak): rates 1.5x, first token 0.5x, per-token times 0.8x the Xeon's.
        Path now = NormalizeFixtures.run(dir, "now", EPYC, 1.5, 0.5, 0.8);
        CalibrationScale scale = CalibrationScale.to(base, "--baseline");

        GateResult result = Gate.evaluate(GateRuns.normalized(read(base, "--baseline", Optional.of(scale)),
                read(now, "--current", Optional.of(scale)), scale.describe("baseline on Xeon, current on EPYC")), GateSettings.defaults());

        assertThat(row(result, TOKENS).test().orElseThrow().ratio()).isCloseTo(1.5 / 2, within(1e-9));
        assertThat(row(result, ITL).test().orElseThrow().ratio()).isCloseTo(0.8 * 2, within(1e-9));
        assertThat(row(result, TTFT).test().orElseThrow().ratio()).isCloseTo(0.5 * 4, within(1e-9));
        assertThat(row(result, RSS).test().orElseThrow().ratio()).isCloseTo(1.0, within(1e-12));
        // The recorded run's tokens/s iterations spread too widely for 25% to be significant at 0.01; 2x TTFT is.
        assertThat(row(result, TOKENS).verdict().reason()).startsWith("25% worse, not significant");
        assertThat(row(result, TTFT).verdict()).isInstanceOf(GateVerdict.Regression.class);
        assertThat(row(result, RSS).verdict()).isInstanceOf(GateVerdict.Pass.class);
        assertThat(result.normalization()).hasValue("Normalized by calibration (baseline on Xeon, current on EPYC): every run on the scale of "
                + base.resolve("env.json") + " (1 thread: 10.0 GB/s, 20.0 GFLOP/s); rates x its limit / the run's, times x the run's limit"
                + " / its; memory raw.");
        assertThat(GateCells.method(result)).endsWith(result.normalization().orElseThrow());
    }

    @Test
    void evaluate_normalizedSameWorkPerLimit_pass() throws Exception {
        Path base = NormalizeFixtures.run(dir, "base", XEON, 1, 1, 1);
        Path now = NormalizeFixtures.run(dir, "now", EPYC, 2, 0.25, 0.5);
        CalibrationScale scale = CalibrationScale.to(base, "--baseline");

        GateResult result = Gate.evaluate(GateRuns.normalized(read(base, "--baseline", Optional.of(scale)),
                read(now, "--current", Optional.of(scale)), "normalized"), GateSettings.defaults());

        assertThat(result.rows()).hasSize(8).allSatisfy(row -> assertThat(row.verdict()).isInstanceOf(GateVerdict.Pass.class));
        assertThat(row(result, TOKENS).test().orElseThrow().ratio()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void evaluate_limitMissingOnTheRowsThreads_inconclusiveNotNormalized() throws Exception {
        Path base = NormalizeFixtures.run(dir, "base", XEON, 1, 1, 1);
        Path now = NormalizeFixtures.run(dir, "arm", GRAVITON, 1, 1, 1);
        CalibrationScale scale = CalibrationScale.to(base, "--baseline");

        GateResult result = Gate.evaluate(GateRuns.normalized(read(base, "--baseline", Optional.of(scale)),
                read(now, "--current", Optional.of(scale)), "normalized"), GateSettings.defaults());

        GateVerdict tokens = row(result, TOKENS).verdict();
        assertThat(((GateVerdict.Inconclusive) tokens).cause()).isEqualTo(GateVerdict.Cause.NOT_NORMALIZED);
        assertThat(tokens.reason()).isEqualTo("no stream bandwidth on 1 thread in the calibration of " + now.resolve("env.json")
                + ", so output.tokens_per_s cannot be normalized");
        assertThat(row(result, TTFT).verdict().reason()).startsWith("no GEMM peak on 1 thread");
        assertThat(row(result, RSS).verdict()).isInstanceOf(GateVerdict.Pass.class);
    }

    @Test
    void read_runWithoutCalibration_oneLineNamingEnvJsonAndFix() throws Exception {
        Path base = NormalizeFixtures.run(dir, "base", XEON, 1, 1, 1);
        Path now = NormalizeFixtures.run(dir, "old", EPYC_UNCALIBRATED, 1, 1, 1);
        CalibrationScale scale = CalibrationScale.to(base, "--baseline");

        assertThatThrownBy(() -> read(now, "--current", Optional.of(scale))).isInstanceOf(GateInputException.class)
                .hasMessage("--current " + now + ": --normalize calibration needs the run's calibration, but " + now.resolve("env.json")
                        + " says it was not calibrated (--no-calibration was given); rerun it without --no-calibration, or drop --normalize");
        assertThatThrownBy(() -> CalibrationScale.to(NormalizeFixtures.RUN, "--baseline")).isInstanceOf(GateInputException.class)
                .hasMessage("--baseline " + NormalizeFixtures.RUN + ": --normalize calibration needs the run's calibration, but "
                        + NormalizeFixtures.RUN.resolve("env.json") + " holds none (the run predates calibration); rerun it with this"
                        + " version, or drop --normalize");
    }
}
