package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class ChartsTest {

    @Test
    void of_sweepRun_drawsTheScalingViewsAndBarsWithTitlesAxesAndLegends() throws IOException {
        List<ReportChart> all = Charts.of(Fixtures.compare(Fixtures.SWEEP_RUN));

        assertThat(all).extracting(ReportChart::name).containsExactly("throughput-vs-batch", "ttft-vs-prompt", "itl-vs-context", "rss-vs-batch",
                "throughput-vs-latency", "itl-per-framework", "memory-per-framework", "limit-per-framework");
        // the fixture predates the step.* figures and has no calibration: nothing to plot against a limit
        assertThat(all.get(7).skipped()).contains("no row has decode / bandwidth");
        List<ReportChart> charts = all.subList(0, 7);
        assertThat(charts).allSatisfy(c -> {
            assertThat(c.skipped()).isEmpty();
            assertThat(c.chart().orElseThrow().getTitle()).startsWith(c.title());
            assertThat(c.chart().orElseThrow().getXAxisTitle()).isNotBlank();
            assertThat(c.chart().orElseThrow().getYAxisTitle()).containsAnyOf("(ms)", "tokens/s", "(MiB)");
            assertThat(c.chart().orElseThrow().getStyler().isLegendVisible()).isTrue();
        });
        XYChart throughput = (XYChart) charts.get(0).chart().orElseThrow();
        // batch 1 and 4 exist only at prompt 128; the fake engine is in no chart
        assertThat(throughput.getSeriesMap()).containsOnlyKeys("djl-pytorch");
        assertThat(throughput.getTitle()).isEqualTo("Output throughput vs batch size (model tiny)");
        assertThat(charts.get(0).caption()).contains("The fake engine is left out", "Error bars: the 95% interval");
        XYChart latency = (XYChart) charts.get(4).chart().orElseThrow();
        assertThat(latency.getSeriesMap()).containsOnlyKeys("djl-pytorch", "djl-pytorch Pareto frontier");
    }

    @Test
    void of_singleBatchAndPrompt_skipsTheScalingViewsWithTheReason() throws IOException {
        List<ReportChart> charts = Charts.of(Fixtures.compare(Fixtures.DEFAULT_RUN));

        assertThat(charts.get(0).skipped()).contains("every framework and workload was measured at a single batch size");
        assertThat(charts.get(1).skipped()).contains("every framework and workload was measured at a single prompt length");
        assertThat(charts.get(2).skipped()).contains("every framework and workload was measured at a single context length P + N/2");
        assertThat(charts.get(4).skipped()).contains("every framework and workload was measured at a single ITL p50");
        assertThat(charts.get(5).skipped()).isEmpty();
    }

    @Test
    void of_noTimingFigures_skipsTheItlChart() throws IOException {
        List<ReportChart> charts = Charts.of(Fixtures.compare(Fixtures.HOSTILE));

        assertThat(charts.get(5).skipped()).contains("no row has ITL p50");
        assertThat(charts.get(6).skipped()).contains("no row has peak RSS");
    }

    @Test
    void png_andSvg_areImages() throws IOException {
        ReportChart chart = Charts.of(Fixtures.compare(Fixtures.SWEEP_RUN)).get(5);

        assertThat(chart.png()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(new String(chart.svg(), java.nio.charset.StandardCharsets.UTF_8)).contains("<svg");
    }

    @Test
    void shortName_dropsMethodAndBenchmarkSuffix() {
        assertThat(Charts.shortName("GenerationLatencyBenchmark.generate")).isEqualTo("GenerationLatency");
        assertThat(Charts.shortName("LegacyBench.sample")).isEqualTo("LegacyBench");
    }
}
