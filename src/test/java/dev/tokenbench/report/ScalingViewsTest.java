package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingViewsTest {

    @TempDir
    Path dir;

    private Comparison sweep() throws IOException {
        List<Path> rounds = SweepFixtures.write(dir.resolve("sweep"), SweepFixtures.threeRounds(), 3);
        return Reports.compareSources(List.of(ReportSource.sweep(dir.resolve("sweep"), rounds)), Optional.empty());
    }

    @Test
    void paretoFrontier_dominatedPointsOff_equalPointsBothOn() {
        // (latency, throughput): b is dominated by a (lower latency, higher throughput); d equals c; e trades latency for throughput
        double[] latency = {1.0, 2.0, 3.0, 3.0, 4.0, 5.0};
        double[] throughput = {100, 90, 150, 150, 200, 200};

        assertThat(ScalingViews.paretoFrontier(latency, throughput)).containsExactly(true, false, true, true, true, false);
        assertThat(ScalingViews.paretoFrontier(new double[0], new double[0])).isEmpty();
        assertThatThrownBy(() -> ScalingViews.paretoFrontier(new double[1], new double[2])).hasMessageContaining("differ in length");
    }

    @Test
    void halfWidth_studentT_ofTheMeanOfReplicates() {
        // 100, 110, 120: sd 10, t(0.975, 2) = 4.302653 -> 4.302653 x 10 / sqrt(3) = 24.841
        assertThat(ScalingViews.halfWidth(new double[] {100, 110, 120}).getAsDouble()).isCloseTo(24.841, org.assertj.core.data.Offset.offset(0.001));
        assertThat(ScalingViews.halfWidth(new double[] {100})).isEmpty();
    }

    @Test
    void of_sweepFolder_throughputVsBatchTable_roundMeansAndIntervals_fakeLeftOut() throws IOException {
        ScalingViews.View view = ScalingViews.of(sweep()).get(0);

        assertThat(view.skipped()).isEmpty();
        assertThat(view.notes()).contains("The fake engine is left out (its harness cost is in the tables).");
        ReportDocument.Table table = ReportDocument.scalingTable(view.kind(), view.panels().get(0));
        assertThat(table.header()).containsExactly("model tiny: output tokens/s by batch size (sequences)", "1", "4");
        // means of the round figures; half-widths 4.302653 x 10 / sqrt(3): the rounds, not the iterations, are the replicates
        assertThat(table.rows()).containsExactly(
                List.of("djl-pytorch", "110 ± 24.84", "320 ± 49.68"),
                List.of("llama.cpp", "210 ± 24.84", "200 ± 24.84"));
    }

    @Test
    void of_sweepFolder_rssAndItlViews() throws IOException {
        List<ScalingViews.View> views = ScalingViews.of(sweep());

        ScalingViews.View rss = views.get(3);
        assertThat(ReportDocument.scalingTable(rss.kind(), rss.panels().get(0)).rows()).containsExactly(
                List.of("djl-pytorch", "200 ± 0", "310 ± 24.84"),
                List.of("llama.cpp", "100 ± 0", "150 ± 0"));
        // a single prompt length: one context length per line, nothing to draw
        assertThat(views.get(2).skipped()).contains("every framework and workload was measured at a single context length P + N/2");
        assertThat(views.get(1).skipped()).contains("no framework's row has TTFT p50 and a numeric prompt length");
    }

    @Test
    void of_sweepFolder_throughputVsLatency_marksEachLinesFrontier() throws IOException {
        ScalingViews.View view = ScalingViews.of(sweep()).get(4);

        ReportDocument.Table table = ReportDocument.latencyTable(view.panels().get(0));
        assertThat(table.header()).containsExactly("model tiny, prompt 32", "batch", "ITL p50 (ms)", "output tok/s", "Pareto frontier");
        // llama.cpp at batch 4 (ITL 4.2 ms, 200 tok/s) is dominated by its batch 1 (1.1 ms, 210 tok/s)
        assertThat(table.rows()).containsExactly(
                List.of("djl-pytorch", "1", "2.2", "110 ± 24.84", "yes"),
                List.of("djl-pytorch", "4", "3.2", "320 ± 49.68", "yes"),
                List.of("llama.cpp", "1", "1.1", "210 ± 24.84", "yes"),
                List.of("llama.cpp", "4", "4.2", "200 ± 24.84", "no"));
    }

    @Test
    void scaling_twoModels_onePanelEach_inAGridImage() throws IOException {
        List<SweepFixtures.Configuration> both = new java.util.ArrayList<>(SweepFixtures.threeRounds());
        SweepFixtures.threeRounds().forEach(c -> both.add(new SweepFixtures.Configuration(c.framework(), "small", c.batchSize(), c.figures())));
        List<Path> rounds = SweepFixtures.write(dir.resolve("sweep"), both, 2);
        Comparison comparison = Reports.compareSources(List.of(ReportSource.sweep(dir.resolve("sweep"), rounds)), Optional.empty());

        ReportChart chart = Charts.scaling(ScalingViews.of(comparison).get(0));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(chart.png()));
        assertThat(chart.panels()).extracting(p -> p.getTitle()).containsExactly("model small", "model tiny");
        assertThat(chart.columns()).isEqualTo(2);
        assertThat(image.getWidth()).isEqualTo(2 * Charts.PANEL_WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.PANEL_HEIGHT);
        assertThat(new String(chart.svg(), java.nio.charset.StandardCharsets.UTF_8)).contains("<svg");
    }
}
