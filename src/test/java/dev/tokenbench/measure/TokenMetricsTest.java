package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenMetricsTest {

    /**
     * Request A: start 1000 ns, two sequences of 3 tokens, prompts of 10 and 20 tokens.
     * seq 0 at 1100, 1150, 1250; seq 1 at 1200, 1230, 1300.
     */
    private static TokenTimeline requestA() {
        TokenTimeline timeline = new TokenTimeline(2, 3, 1000);
        timeline.onToken(0, 11, 1100);
        timeline.onToken(1, 21, 1200);
        timeline.onToken(0, 12, 1150);
        timeline.onToken(1, 22, 1230);
        timeline.onToken(0, 13, 1250);
        timeline.onToken(1, 23, 1300);
        timeline.complete(1310, new int[] {10, 20});
        return timeline;
    }

    /** Request B: start 5000 ns, two sequences in lockstep at 5400, 5500, 5600, prompts of 10 and 20 tokens. */
    private static TokenTimeline requestB() {
        TokenTimeline timeline = new TokenTimeline(2, 3, 5000);
        for (long t = 5400; t <= 5600; t += 100) {
            timeline.onToken(0, 1, t);
            timeline.onToken(1, 2, t);
        }
        timeline.complete(5600, new int[] {10, 20});
        return timeline;
    }

    @Test
    void of_twoBatchedRequests_givesPerSequenceTtftTpotE2eAndPooledItl() {
        TokenMetrics metrics = TokenMetrics.of(List.of(requestA(), requestB()));

        assertThat(metrics.requestCount()).isEqualTo(2);
        assertThat(metrics.sequenceCount()).isEqualTo(4);
        assertThat(metrics.outputTokens()).isEqualTo(12);
        assertThat(metrics.timeToFirstTokenNanos()).containsExactly(100, 200, 400, 400);
        assertThat(metrics.interTokenLatencyNanos()).containsExactly(50, 100, 30, 70, 100, 100, 100, 100);
        // TPOT = (E2E - TTFT) / (N - 1): (250-100)/2, (300-200)/2, (600-400)/2 twice
        assertThat(metrics.timePerOutputTokenNanos()).containsExactly(75, 50, 100, 100);
        assertThat(metrics.endToEndNanos()).containsExactly(250, 300, 600, 600);
        assertThat(metrics.interTokenLatency().orElseThrow().mean()).isEqualTo(81.25);
        assertThat(metrics.timeToFirstToken().orElseThrow().p50()).isEqualTo(300);
    }

    @Test
    void of_twoBatchedRequests_aggregatesThroughputAsTotalOverTotal() {
        TokenMetrics metrics = TokenMetrics.of(List.of(requestA(), requestB()));

        // output: 12 tokens over (1300-1000) + (5600-5000) = 900 ns
        assertThat(metrics.outputWallNanos()).isEqualTo(900);
        assertThat(metrics.outputTokensPerSecond().getAsDouble()).isCloseTo(12 / 900e-9, within(1e-3));
        // prefill: 60 prompt tokens over the largest TTFT of each request, 200 + 400 ns
        assertThat(metrics.prefillTokensPerSecond().getAsDouble()).isCloseTo(60 / 600e-9, within(1e-3));
        // decode: 8 tokens after the first over (1300-1100) + (5600-5400) = 400 ns
        assertThat(metrics.decodeTokensPerSecond().getAsDouble()).isCloseTo(8 / 400e-9, within(1e-3));
        assertThat(metrics.promptTokens()).hasValue(60);
        assertThat(metrics.samples().requestWallNanos()).containsExactly(300, 600);
        assertThat(metrics.samples().requestOutputTokens()).containsExactly(6, 6);
    }

    @Test
    void of_meanOfRatesWouldDiffer_totalOverTotalIsUsed() {
        // 1 token in 100 ns (10^7/s) and 1 token in 900 ns: the mean of rates is 5.56e6/s, total/total is 2e6/s.
        TokenTimeline fast = new TokenTimeline(1, 1, 0);
        fast.onToken(0, 1, 100);
        fast.complete(100, new int[] {1});
        TokenTimeline slow = new TokenTimeline(1, 1, 0);
        slow.onToken(0, 1, 900);
        slow.complete(900, new int[] {1});

        assertThat(TokenMetrics.of(List.of(fast, slow)).outputTokensPerSecond().getAsDouble()).isCloseTo(2e6, within(1e-6));
    }

    @Test
    void of_singleTokenSequences_hasNoItlTpotOrDecodeThroughput() {
        TokenTimeline timeline = new TokenTimeline(1, 1, 0);
        timeline.onToken(0, 5, 40);
        timeline.complete(50, new int[] {3});

        TokenMetrics metrics = TokenMetrics.of(List.of(timeline));

        assertThat(metrics.timeToFirstTokenNanos()).containsExactly(40);
        assertThat(metrics.interTokenLatency()).isEmpty();
        assertThat(metrics.timePerOutputToken()).isEmpty();
        assertThat(metrics.decodeTokensPerSecond()).isEmpty();
        assertThat(metrics.endToEnd().mean()).isEqualTo(40);
    }

    @Test
    void of_nonStreamedRequest_reportsE2eAndThroughputButNoTokenTimes() {
        TokenTimeline timeline = new TokenTimeline(2, 4, 100);
        timeline.recordFinalTokens(0, new int[] {1, 2, 3, 4});
        timeline.recordFinalTokens(1, new int[] {5, 6, 7, 8});
        timeline.complete(900, null);

        TokenMetrics metrics = TokenMetrics.of(List.of(timeline));

        assertThat(metrics.streamed()).isFalse();
        assertThat(metrics.timeToFirstToken()).isEmpty();
        assertThat(metrics.interTokenLatency()).isEmpty();
        assertThat(metrics.timePerOutputToken()).isEmpty();
        assertThat(metrics.endToEndNanos()).containsExactly(800, 800);
        assertThat(metrics.outputTokensPerSecond().getAsDouble()).isCloseTo(8 / 800e-9, within(1e-3));
        assertThat(metrics.prefillTokensPerSecond()).isEmpty();
        assertThat(metrics.decodeTokensPerSecond()).isEmpty();
        assertThat(metrics.promptTokens()).isEmpty();
    }

    @Test
    void of_noTimeElapsed_hasNoThroughputRatherThanInfinity() {
        TokenTimeline timeline = new TokenTimeline(1, 2, 7);
        timeline.onToken(0, 1, 7);
        timeline.onToken(0, 2, 7);
        timeline.complete(7, new int[] {1});

        TokenMetrics metrics = TokenMetrics.of(List.of(timeline));

        assertThat(metrics.outputTokensPerSecond()).isEmpty();
        assertThat(metrics.decodeTokensPerSecond()).isEmpty();
        assertThat(metrics.interTokenLatencyNanos()).containsExactly(0);
    }

    @Test
    void of_noRequests_throws() {
        assertThatThrownBy(() -> TokenMetrics.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timelines must hold at least 1 completed request, was empty");
    }

    @Test
    void of_uncompletedRequest_throws() {
        TokenTimeline timeline = new TokenTimeline(1, 1, 0);
        assertThatThrownBy(() -> TokenMetrics.of(List.of(timeline)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not completed");
    }

    @Test
    void builder_foldedOneAtATime_equalsTheMetricsOfTheList() {
        TokenMetrics folded = TokenMetrics.builder().add(requestA()).add(requestB()).build();
        TokenMetrics listed = TokenMetrics.of(List.of(requestA(), requestB()));

        assertThat(folded.samples()).isEqualTo(listed.samples());
        assertThat(folded.outputWallNanos()).isEqualTo(listed.outputWallNanos());
        assertThat(folded.prefillTokensPerSecond()).isEqualTo(listed.prefillTokensPerSecond());
        assertThat(folded.decodeTokensPerSecond()).isEqualTo(listed.decodeTokensPerSecond());
    }

    @Test
    void builder_withoutRequests_refusesToBuild() {
        assertThatThrownBy(() -> TokenMetrics.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no completed request");
    }

    @Test
    void totals_twoBatchedRequests_areTheSumsBehindTheThroughputs() {
        TokenMetrics metrics = TokenMetrics.of(List.of(requestA(), requestB()));

        // prefill: largest TTFT per request, 200 + 400; decode: first to last token of any sequence, 200 + 200
        assertThat(metrics.prefillWallNanos()).isEqualTo(600);
        assertThat(metrics.decodeTokens()).isEqualTo(8);
        assertThat(metrics.decodeWallNanos()).isEqualTo(400);
    }
}
