package dev.tokenbench.measure;

import static dev.tokenbench.measure.Timelines.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void labels_areTheOnesTheReportReads() {
        assertThat(Arrays.stream(Figure.values()).filter(Figure::fromTokenSamples).map(Figure::label)).containsExactly(
                "ttft.mean", "ttft.p50", "ttft.p90", "ttft.p99", "itl.mean", "itl.p50", "itl.p90", "itl.p99", "itl.max",
                "tpot.mean", "tpot.p99", "e2e.p50", "e2e.p99", "output.tokens_per_s", "prefill.tokens_per_s", "decode.tokens_per_s",
                "tokens", "requests");
    }

    @Test
    void valueOf_timeFigure_isInMilliseconds() {
        TokenSamples samples = Timelines.iteration(1, request(0, 2_500_000, 1_000_000, 3, 8));

        assertThat(Figure.TTFT_P50.valueOf(samples)).hasValue(2.5);
        assertThat(Figure.E2E_P99.valueOf(samples)).hasValue(4.5);
        assertThat(Figure.TPOT_MEAN.valueOf(samples)).hasValue(1.0);
        assertThat(Figure.TTFT_P50.unit()).isEqualTo("ms");
        assertThat(Figure.OUTPUT_TOKENS_PER_SECOND.unit()).isEqualTo("tokens/s");
    }

    @Test
    void valuesOf_everyFigure_agreesWithValueOf() {
        TokenSamples samples = Timelines.iteration(1, request(0, 2_000_000, 1_000_000, 5, 8), request(0, 3_000_000, 500_000, 5, 8));

        Map<Figure, Double> values = Figure.valuesOf(samples);

        assertThat(values).hasSize((int) Arrays.stream(Figure.values()).filter(Figure::fromTokenSamples).count());
        values.forEach((figure, value) -> assertThat(figure.valueOf(samples)).as(figure.label()).hasValue(value));
    }

    @Test
    void byLabel_knownAndUnknown() {
        assertThat(Figure.byLabel("itl.p99")).hasValue(Figure.ITL_P99);
        assertThat(Figure.byLabel("itl.p42")).isEmpty();
    }

    @Test
    void docs_metricsPage_listsEveryLabel() throws java.io.IOException {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "metrics.md"));

        for (Figure figure : Figure.values()) {
            assertThat(page).as(figure.label()).contains("`" + figure.label() + "`");
        }
    }

    @Test
    void limit_everyFigureInItsRowOfTheNormalizationTable() throws Exception {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "metrics.md"));
        java.util.Map<Figure.Limit, String> rows = new java.util.EnumMap<>(Figure.Limit.class);
        for (String line : page.split("\n")) {
            if (line.startsWith("| stream bandwidth |")) {
                rows.put(Figure.Limit.STREAM_BANDWIDTH, line.split("\\|")[2]);
            } else if (line.startsWith("| GEMM peak |")) {
                rows.put(Figure.Limit.GEMM_PEAK, line.split("\\|")[2]);
            } else if (line.startsWith("| none |")) {
                rows.put(Figure.Limit.NONE, line.split("\\|")[2]);
            }
        }

        assertThat(rows).hasSize(3);
        for (Figure figure : Figure.values()) {
            for (Figure.Limit limit : Figure.Limit.values()) {
                java.util.List<String> labels = java.util.Arrays.stream(rows.get(limit).split(","))
                        .map(cell -> cell.strip().replace("`", "")).toList();
                assertThat(labels.contains(figure.label())).as(figure.label() + " in the " + limit + " row").isEqualTo(figure.limit() == limit);
            }
        }
    }

    @Test
    void tokensPerPeakMib_twelveTokensHalfAMib_is24() {
        assertThat(Figure.tokensPerPeakMib(12, 512 * 1024).getAsDouble()).isEqualTo(24.0);
    }

    @Test
    void tokensPerPeakMib_noPositivePeak_isAbsent() {
        assertThat(Figure.tokensPerPeakMib(12, 0)).isEmpty();
    }

    @Test
    void mean_ofASeries_isStatisticsMeanInSampleOrder() {
        TokenSamples samples = new TokenSamples(1, 3, true, new long[] {1, 2, 3}, new long[] {10_000_000_000_000_000L,
                -10_000_000_000_000_000L, 1}, new double[0], new long[] {1, 2, 3}, new long[] {3}, new long[] {3}, 3, 3, -1,
                0, 0, 0, 0);

        assertThat(Figure.ITL_MEAN.valueOf(samples).getAsDouble()).isEqualTo(1.0 / 3 / 1e6);
    }
}
