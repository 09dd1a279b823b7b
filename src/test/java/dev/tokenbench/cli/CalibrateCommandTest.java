package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.calibrate.Calibration;
import org.junit.jupiter.api.Test;

class CalibrateCommandTest {

    @Test
    void calibrate_machineOnlyJson_oneCalibrationWithEveryStreamMethod() {
        Cli outcome = Cli.execute("calibrate", "--machine-only", "--threads", "1", "--trials", "1", "--json");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        Calibration calibration = Calibration.fromJson(outcome.out(), "stdout");
        assertThat(calibration.streams()).hasSize(3);
        assertThat(calibration.gemms()).hasSize(3);  // the default squares: 512, 1024, 1536
        assertThat(calibration.products()).isEmpty();
        assertThat(calibration.machineLimit(1)).isPresent();
    }

    @Test
    void calibrate_table_namesEveryFigure() {
        Cli outcome = Cli.execute("calibrate", "--machine-only", "--threads", "1", "--trials", "1");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("pytorch-sum", "java-direct-read", "java-heap-read", "[1024x1024].[1024x1024]", "machine limit");
    }

    @Test
    void calibrate_zeroThreads_badInput() {
        Cli outcome = Cli.execute("calibrate", "--threads", "0");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(outcome.err()).contains("--threads must be >= 1");
    }
}
