package dev.tokenbench.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.gate.GateSimulation.Noise;
import dev.tokenbench.gate.GateSimulation.Procedure;
import org.junit.jupiter.api.Test;

/**
 * The gate's false-alarm rate and power on seeded synthetic samples ({@link GateSimulation}). Bounds are several
 * binomial standard deviations wide, and the seeds are fixed, so the test is deterministic.
 */
class GateSimulationTest {

    private static final int TRIALS = 2000;
    private static final Noise IID = new Noise(0, 0.03, 0, 0.03, 0.03);
    private static final Noise DRIFTING = new Noise(0.20, 0.03, 0.20, 0.04, 0.02);

    /** A two-sided test at alpha calls "worse" in about alpha / 2 of identical comparisons: 0.005 at 0.01 (sd 0.0016). */
    @Test
    void testsAlone_identicalSamples_falseAlarmsNearHalfAlpha() throws GateInputException {
        for (Procedure procedure : Procedure.values()) {
            double rate = GateSimulation.regressionRate(procedure, IID, 0, 10, 0, 0.01, TRIALS, 1);
            assertThat(rate).as(procedure.name()).isBetween(0.0005, 0.012);
        }
    }

    /** Run-to-run drift of 20% makes sequential Welch raise false alarms in a third of identical comparisons. */
    @Test
    void sequentialWelch_drift_manyFalseAlarms() throws GateInputException {
        assertThat(GateSimulation.regressionRate(Procedure.SEQUENTIAL_WELCH, DRIFTING, 0, 10, 10, 0.01, TRIALS, 11)).isGreaterThan(0.25);
    }

    /** Pairing rounds cancels the drift: no false alarms, 10% found almost always at a 5% threshold, 20% always. */
    @Test
    void interleavedPaired_drift_quietAndPowerful() throws GateInputException {
        assertThat(GateSimulation.regressionRate(Procedure.INTERLEAVED_PAIRED, DRIFTING, 0, 10, 5, 0.01, TRIALS, 11)).isLessThan(0.01);
        assertThat(GateSimulation.regressionRate(Procedure.INTERLEAVED_PAIRED, DRIFTING, 0.10, 10, 5, 0.01, TRIALS, 12)).isGreaterThan(0.9);
        assertThat(GateSimulation.regressionRate(Procedure.INTERLEAVED_PAIRED, DRIFTING, 0.20, 10, 5, 0.01, TRIALS, 13)).isGreaterThan(0.99);
    }

    /** The same rounds tested as independent samples lose the slowdown in the drift. */
    @Test
    void interleavedWelch_drift_missesWhatPairingFinds() throws GateInputException {
        assertThat(GateSimulation.regressionRate(Procedure.INTERLEAVED_WELCH, DRIFTING, 0.20, 10, 5, 0.01, TRIALS, 13)).isLessThan(0.3);
    }
}
