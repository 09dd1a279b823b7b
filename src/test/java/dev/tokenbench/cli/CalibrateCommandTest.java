package dev.tokenbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenbench.calibrate.Calibration;
import dev.tokenbench.calibrate.ProductLayout;
import dev.tokenbench.calibrate.ProductsFigure;
import dev.tokenbench.calibrate.StreamFigure;
import dev.tokenbench.calibrate.StreamMethod;
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
    void calibrate_unknownLlamaCppPrecision_badInputNamingTheValidOnes() {
        Cli outcome = Cli.execute("calibrate", "--llamacpp-precision", "f32,q4_0");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(outcome.err()).contains("--llamacpp-precision: unknown precision 'q4_0'; valid: f32, f16, q8_0, none");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void render_llamaCppProducts_rowNamesFrameworkModelPrecisionAndLayout() {
        Calibration calibration = new Calibration(Calibration.SCHEMA_VERSION, java.time.Instant.parse("2026-11-29T00:00:00Z"),
                java.util.List.of(new StreamFigure(StreamMethod.PYTORCH_SUM, 1, 1_000_000_000L, java.util.List.of(50_000_000L))),
                java.util.List.of(),
                java.util.List.of(new ProductsFigure("llama.cpp", "base", "q8_0", ProductLayout.GGML, 16, 1, 116_000_000, 100_000_000,
                        java.util.List.of(400_000_000L, 500_000_000L))));

        String text = CalibrateCommand.render(calibration);

        // 16 tokens in 400 ms: 40 tokens/s; 116 MB in 400 ms: 0.29 GB/s
        assertThat(text).containsPattern("llama\\.cpp base \\(116 MB\\) +q8_0 +16 +1 +ggml +400\\.0 +450\\.0 +500\\.0 +0\\.3 +8\\.0 +40\\.0");
    }

    @Test
    void calibrate_zeroThreads_badInput() {
        Cli outcome = Cli.execute("calibrate", "--threads", "0");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(outcome.err()).contains("--threads must be >= 1");
    }
}
