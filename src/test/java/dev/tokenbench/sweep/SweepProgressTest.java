package dev.tokenbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SweepProgressTest {

    private static final Configuration TINY = new Configuration(SweepBenchmark.GENERATION, "djl-pytorch", "tiny", "f32", 1, 32, 64, 2);
    private static final Configuration SMALL = new Configuration(SweepBenchmark.GENERATION, "llama.cpp", "small", "f32", 8, 128, 64, 2);

    @Test
    void of_notATerminal_oneExactLinePerFinishedRun() {
        StringWriter text = new StringWriter();
        PrintStream terminal = new PrintStream(PrintStream.nullOutputStream());
        SweepProgress progress = SweepProgress.of(false, new PrintWriter(text), terminal);
        Run first = new Run(TINY, 1);
        Run second = new Run(SMALL, 2);

        progress.starting(first, 1, 120);
        progress.finished(first, RunRecord.done(first.key(), 6.24), 1, 120, 0, 700);
        progress.starting(second, 2, 120);
        progress.finished(second, RunRecord.failed(second.key(), 300, "timed out after 5m 00s"), 2, 120, 1, 3725);

        assertThat(text.toString()).isEqualTo(
                "[1/120] generation-djl-pytorch-tiny-f32-b1-p32-n64-t2 round 1: done in 6.2 s (failures 0, ETA 11m 40s)\n"
                        + "[2/120] generation-llama.cpp-small-f32-b8-p128-n64-t2 round 2: FAILED (timed out after 5m 00s) in 300.0 s"
                        + " (failures 1, ETA 1h 02m)\n");
    }

    @Test
    void of_aTerminal_drawsABarNotLines() {
        StringWriter text = new StringWriter();
        java.io.ByteArrayOutputStream bar = new java.io.ByteArrayOutputStream();
        SweepProgress progress = SweepProgress.of(true, new PrintWriter(text), new PrintStream(bar, true, java.nio.charset.StandardCharsets.UTF_8));
        Run only = new Run(TINY, 1);

        progress.starting(only, 1, 1);
        progress.finished(only, RunRecord.done(only.key(), 6.24), 1, 1, 0, 0);

        assertThat(text.toString()).isEmpty();
        // the bar is cut to the terminal width (80 columns when the width is unknown)
        assertThat(bar.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("Sweep", "1/1", "generation-djl-pytorch-tiny");
    }
}
