package dev.tokenbench.gate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenbench.FuzzChecks;
import dev.tokenbench.measure.RunFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz targets of the gate's inputs: a results file given as {@code --current} (or {@code --baseline}, or saved with
 * {@code --save-baseline}), and the {@code --threshold FIGURE=PCT} values. The only outcomes are a result or one
 * {@link GateInputException} line naming the flag (see {@link FuzzChecks}); seeds in
 * {@code GateInputsFuzzTestInputs/<target>/}.
 */
class GateInputsFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void currentRun(byte[] input) throws Exception {
        Path file = FuzzChecks.write("20261128T150000Z-gate", RunFolder.RESULTS_FILE, input);
        FuzzChecks.parse(input.length, () -> {
            try {
                GateRuns runs = GateRuns.read(List.of(file), "--current");
                runs.merged().size();
            } catch (GateInputException e) {
                FuzzChecks.oneLineError(e, "--current");
            }
        });
    }

    /** Threshold values, one per line of the input (values are one line, as on a command line). */
    @FuzzTest(maxDuration = "20s")
    void thresholds(byte[] input) throws Exception {
        List<String> specs = List.of(new String(input, StandardCharsets.UTF_8).split("[\r\n]+"));
        FuzzChecks.parse(input.length, () -> {
            try {
                GateThresholds thresholds = GateThresholds.parse(specs);
                for (GateFigure figure : thresholds.figures()) {
                    thresholds.beyondInBadDirection(figure, 1.5);
                }
            } catch (GateInputException e) {
                FuzzChecks.oneLineError(e, "--threshold");
            }
        });
    }
}
