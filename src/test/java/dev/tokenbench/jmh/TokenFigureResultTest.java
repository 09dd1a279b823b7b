package dev.tokenbench.jmh;

import dev.tokenbench.measure.Timelines;
import dev.tokenbench.measure.Figure;
import static dev.tokenbench.measure.Timelines.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.SingleShotResult;

class TokenFigureResultTest {

    /**
     * Fork 0: iterations with TTFT 1, 2, 3 ms; fork 1: TTFT 4 and 100 ms. Each request: 3 tokens, ITL as given,
     * prompt 10 tokens.
     */
    private static RunResult twoForks() {
        BenchmarkResult fork0 = fork(
                iteration(request(0, 1_000_000, 1_000_000, 3, 10)),
                iteration(request(0, 2_000_000, 1_000_000, 3, 10)),
                iteration(request(0, 3_000_000, 1_000_000, 3, 10)));
        BenchmarkResult fork1 = fork(
                iteration(request(0, 4_000_000, 3_000_000, 3, 10)),
                iteration(request(0, 100_000_000, 3_000_000, 3, 10)));
        return new RunResult(null, List.of(fork0, fork1));
    }

    private static IterationResult iteration(dev.tokenbench.measure.TokenTimeline request) {
        IterationResult iteration = new IterationResult(null, null, null);
        iteration.addResult(new SingleShotResult(ResultRole.PRIMARY, "generate", 1_000_000, TimeUnit.MILLISECONDS));
        iteration.addResults(TokenFigureResult.allOf(Timelines.iteration(1, request)));
        return iteration;
    }

    private static BenchmarkResult fork(IterationResult... iterations) {
        return new BenchmarkResult(null, new ArrayList<>(List.of(iterations)));
    }

    @SuppressWarnings("rawtypes")
    private static double score(Map<String, Result> results, Figure figure) {
        return results.get(figure.label()).getScore();
    }

    @Test
    @SuppressWarnings("rawtypes")
    void runResult_twoForksFiveIterations_percentilesComeFromAllRawSamples() {
        Map<String, Result> merged = twoForks().getSecondaryResults();

        // TTFT samples 1, 2, 3, 4, 100 ms. p50 = 3; p90 at rank 3.6 = 4 + 0.6 x 96 = 61.6; mean = 22.
        // (The mean of per-iteration p50s would be 22 too, but the median of the p50s is 3 and the p90 of
        // the p90s is not defined: only merged samples give a p90.)
        assertThat(score(merged, Figure.TTFT_P50)).isEqualTo(3.0);
        assertThat(score(merged, Figure.TTFT_P90)).isCloseTo(61.6, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(score(merged, Figure.TTFT_MEAN)).isEqualTo(22.0);
        // ITL: 6 gaps of 1 ms and 4 of 3 ms; p50 at position 4.5 lies between two 1 ms gaps; p90 at 8.1 among the 3s
        assertThat(score(merged, Figure.ITL_P50)).isEqualTo(1.0);
        assertThat(score(merged, Figure.ITL_P90)).isEqualTo(3.0);
        assertThat(score(merged, Figure.ITL_MEAN)).isCloseTo(1.8, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(score(merged, Figure.ITL_MAX)).isEqualTo(3.0);
    }

    @Test
    @SuppressWarnings("rawtypes")
    void runResult_twoForks_throughputIsTotalOverTotalAndCountsAreSums() {
        Map<String, Result> merged = twoForks().getSecondaryResults();

        // wall per request = TTFT + 2 x ITL: 3, 4, 5, 10, 106 ms = 128 ms for 15 tokens
        assertThat(score(merged, Figure.OUTPUT_TOKENS_PER_SECOND)).isEqualTo(15 * 1e9 / 128_000_000);
        // prefill: 50 prompt tokens over 1 + 2 + 3 + 4 + 100 = 110 ms
        assertThat(score(merged, Figure.PREFILL_TOKENS_PER_SECOND)).isEqualTo(50 * 1e9 / 110_000_000);
        // decode: 10 tokens over 2 + 2 + 2 + 6 + 6 = 18 ms
        assertThat(score(merged, Figure.DECODE_TOKENS_PER_SECOND)).isEqualTo(10 * 1e9 / 18_000_000);
        assertThat(score(merged, Figure.TOKENS)).isEqualTo(15.0);
        assertThat(score(merged, Figure.REQUESTS)).isEqualTo(5.0);
    }

    @Test
    @SuppressWarnings("rawtypes")
    void benchmarkResult_oneFork_mergesItsIterationsOnly() {
        BenchmarkResult fork0 = twoForks().getBenchmarkResults().iterator().next();

        Map<String, Result> merged = fork0.getSecondaryResults();

        assertThat(score(merged, Figure.TTFT_P50)).isEqualTo(2.0);
        assertThat(score(merged, Figure.TOKENS)).isEqualTo(9.0);
    }

    @Test
    void statistics_ofATimeFigure_describeTheRawSeriesInMillis() {
        TokenFigureResult result = TokenFigureResult.merge(List.of(
                TokenFigureResult.of(Figure.TTFT_P99, Timelines.iteration(1, request(0, 1_000_000, 1, 2, 1))),
                TokenFigureResult.of(Figure.TTFT_P99, Timelines.iteration(1, request(0, 3_000_000, 1, 2, 1)))));

        assertThat(result.getSampleCount()).isEqualTo(2);
        assertThat(result.getStatistics().getPercentile(50)).isEqualTo(2.0);
        assertThat(result.getScore()).isCloseTo(2.98, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(result.getScoreError()).isNaN();
        assertThat(result.getScoreConfidence()).containsExactly(result.getScore(), result.getScore());
        assertThat(result.getScoreUnit()).isEqualTo("ms");
        assertThat(result.extendedInfo()).contains("from 2 TTFT samples");
    }

    @Test
    void allOf_singleTokenRequests_omitsFiguresThatNeedASecondToken() {
        List<TokenFigureResult> results = TokenFigureResult.allOf(Timelines.iteration(1, request(0, 1_000, 1, 1, 4)));

        assertThat(results).extracting(TokenFigureResult::figure)
                .contains(Figure.TTFT_P50, Figure.TOKENS, Figure.PREFILL_TOKENS_PER_SECOND)
                .doesNotContain(Figure.ITL_MEAN, Figure.TPOT_MEAN, Figure.DECODE_TOKENS_PER_SECOND);
    }
}
