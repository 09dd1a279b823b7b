package dev.tokenbench.measure;

import static dev.tokenbench.measure.Timelines.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSamplesTest {

    @Test
    void of_oneRequest_keepsSamplesAndTotals() {
        // TTFT 1000, 4 tokens 100 apart, prompt 10: E2E 1300
        TokenSamples samples = Timelines.iteration(5000, request(0, 1000, 100, 4, 10));

        assertThat(samples.requests()).isEqualTo(1);
        assertThat(samples.timeToFirstTokenNanos()).containsExactly(1000);
        assertThat(samples.interTokenLatencyNanos()).containsExactly(100, 100, 100);
        assertThat(samples.endToEndNanos()).containsExactly(1300);
        assertThat(samples.requestWallNanos()).containsExactly(1300);
        assertThat(samples.requestOutputTokens()).containsExactly(4);
        assertThat(samples.outputTokens()).isEqualTo(4);
        assertThat(samples.promptTokens()).isEqualTo(10);
        assertThat(samples.prefillWallNanos()).isEqualTo(1000);
        assertThat(samples.decodeTokens()).isEqualTo(3);
        assertThat(samples.decodeWallNanos()).isEqualTo(300);
        assertThat(samples.iterationWallNanos()).isEqualTo(5000);
    }

    @Test
    void merge_twoIterations_equalsTheMetricsOfAllTheirRequests() {
        TokenTimeline a = request(0, 1000, 100, 4, 10);
        TokenTimeline b = request(0, 3000, 300, 2, 20);
        TokenTimeline c = request(0, 2000, 200, 3, 30);

        TokenSamples merged = TokenSamples.merge(List.of(Timelines.iteration(10, a, b), Timelines.iteration(20, c)));
        TokenMetrics all = TokenMetrics.of(List.of(a, b, c));

        assertThat(merged.timeToFirstTokenNanos()).containsExactly(all.timeToFirstTokenNanos());
        assertThat(merged.interTokenLatencyNanos()).containsExactly(all.interTokenLatencyNanos());
        assertThat(merged.outputTokensPerSecond()).isEqualTo(all.outputTokensPerSecond());
        assertThat(merged.prefillTokensPerSecond()).isEqualTo(all.prefillTokensPerSecond());
        assertThat(merged.decodeTokensPerSecond()).isEqualTo(all.decodeTokensPerSecond());
        assertThat(merged.timeToFirstToken().orElseThrow().p50()).isEqualTo(all.timeToFirstToken().orElseThrow().p50());
        assertThat(merged.iterationWallNanos()).isEqualTo(30);
    }

    @Test
    void outputTokensPerSecond_unevenRequests_isTotalOverTotalNotAMeanOfRates() {
        // 4 tokens in 1300 ns and 2 tokens in 3300 ns: 6 / 4600 ns, not the mean of 3.08e9 and 0.61e9 per s
        TokenSamples merged = TokenSamples.merge(List.of(
                Timelines.iteration(1, request(0, 1000, 100, 4, 10)), Timelines.iteration(1, request(0, 3000, 300, 2, 10))));

        assertThat(merged.outputTokensPerSecond().getAsDouble()).isCloseTo(6 / 4600e-9, within(1e-3));
    }

    @Test
    void merge_unknownPromptTokensInOnePart_makesPrefillThroughputAbsent() {
        TokenTimeline unknown = new TokenTimeline(1, 1, 0);
        unknown.onToken(0, 1, 50);
        unknown.complete(50, null);

        TokenSamples merged = TokenSamples.merge(List.of(Timelines.iteration(1, request(0, 10, 1, 2, 5)), Timelines.iteration(1, unknown)));

        assertThat(merged.promptTokens()).isEqualTo(-1);
        assertThat(merged.prefillTokensPerSecond()).isEmpty();
    }

    @Test
    void merge_empty_isRefused() {
        assertThatThrownBy(() -> TokenSamples.merge(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serialization_roundTrip_isEqual() throws IOException, ClassNotFoundException {
        TokenSamples samples = Timelines.iteration(7, request(0, 1000, 100, 4, 10));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(samples);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(samples);
        }
    }
}
