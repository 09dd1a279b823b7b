package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SloTest {

    private static final long MS = 1_000_000L;
    private static final Slo SLO = new Slo("custom", 100 * MS, 10 * MS, 99);

    /** A completed request scheduled at {@code at}, first token after {@code ttftMs}, then 4 more tokens {@code tpotMs} apart. */
    private static RequestRecord request(int index, long at, long ttftMs, long tpotMs) {
        return new RequestRecord(index, at, at, at + ttftMs * MS, at + ttftMs * MS + 4 * tpotMs * MS, 5, 8, false, null);
    }

    @Test
    void parse_preset_isMlperfLlama2_70b() {
        Slo slo = Slo.parse("--slo", "mlperf-llama2-70b");

        assertThat(slo).isEqualTo(Slo.MLPERF_LLAMA2_70B);
        assertThat(slo.ttftLimitNanos()).isEqualTo(2_000 * MS);
        assertThat(slo.tpotLimitNanos()).isEqualTo(200 * MS);
        assertThat(slo.describe()).isEqualTo("mlperf-llama2-70b (p99 TTFT <= 2000 ms, p99 TPOT <= 200 ms)");
    }

    @Test
    void parse_userLimits_inEveryUnit() {
        assertThat(Slo.parse("--slo", "ttft=1.5s,tpot=250us,percentile=90")).isEqualTo(new Slo("custom", 1_500 * MS, 250_000, 90));
        assertThat(Slo.parse("--slo", "tpot=50ms, ttft=500ms")).isEqualTo(new Slo("custom", 500 * MS, 50 * MS, 99));
    }

    @Test
    void parse_badInput_namesTheOptionAndTheField() {
        assertThatThrownBy(() -> Slo.parse("--slo", "mlperf")).hasMessageStartingWith("--slo: 'mlperf' is not a preset or key=value; use a preset");
        assertThatThrownBy(() -> Slo.parse("--slo", "ttft=2s")).hasMessage("--slo: both ttft and tpot limits are required; use a preset"
                + " (mlperf-llama2-70b) or ttft=DURATION,tpot=DURATION[,percentile=P], e.g. ttft=500ms,tpot=50ms,percentile=99");
        assertThatThrownBy(() -> Slo.parse("--slo", "ttft=abc,tpot=1ms"))
                .hasMessage("--slo: ttft must be a positive duration such as 200ms, 2s or 500us, was 'abc'");
        assertThatThrownBy(() -> Slo.parse("--slo", "ttft=-2s,tpot=1ms")).hasMessageContaining("ttft must be a positive duration");
        assertThatThrownBy(() -> Slo.parse("--slo", "ttft=2s,tpot=1ms,percentile=101")).hasMessageContaining("percentile must be a number in (0, 100]");
        assertThatThrownBy(() -> Slo.parse("--slo", "ttft=2s,tpot=1ms,itl=3ms")).hasMessageStartingWith("--slo: unknown field 'itl'");
    }

    @Test
    void attainmentAndGoodput_countRequestsWithinBothLimits_overIssuedRequests() {
        List<RequestRecord> requests = List.of(
                request(0, 0, 50, 5),                       // within both
                request(1, 100 * MS, 100, 10),              // exactly at both limits: within
                request(2, 200 * MS, 101, 5),               // TTFT over
                request(3, 300 * MS, 20, 11),               // TPOT over
                new RequestRecord(4, 400 * MS, 400 * MS, -1, -1, 0, -1, false, "HTTP 503")); // failed: misses
        LoadSamples samples = new LoadSamples(requests, 2_000 * MS, Optional.empty());

        assertThat(SLO.requestsWithinLimits(samples)).isEqualTo(2);
        assertThat(SLO.attainment(samples)).hasValue(0.4);
        assertThat(SLO.goodput(samples)).hasValue(1.0);
        assertThat(samples.requestsPerSecond()).hasValue(2.0);
        assertThat(samples.outputTokensPerSecond()).hasValue(10.0);
        assertThat(samples.offeredRequestsPerSecond()).hasValue(10.0);
        assertThat(SLO.met(samples)).isFalse();
    }

    @Test
    void met_isThePercentileRule_notEveryRequest() {
        List<RequestRecord> requests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            requests.add(request(i, i * MS, i == 0 ? 500 : 50, 5)); // one TTFT of 500 ms among 200: p99 stays 50 ms
        }
        LoadSamples samples = new LoadSamples(requests, 1_000 * MS, Optional.empty());

        assertThat(SLO.ttftAtPercentile(samples)).hasValue(50.0 * MS);
        assertThat(SLO.met(samples)).isTrue();
        assertThat(SLO.attainment(samples)).hasValue(199 / 200.0);

        requests.set(1, request(1, MS, 500, 5)); // two of 200: the p99 (type 7, rank 197.01 of 0..199) is 50 + 0.01 x 450 ms
        LoadSamples two = new LoadSamples(requests, 1_000 * MS, Optional.empty());
        assertThat(SLO.ttftAtPercentile(two).getAsDouble()).isCloseTo(54.5 * MS, org.assertj.core.data.Offset.offset(1.0));
        assertThat(SLO.met(two)).isTrue();

        requests.set(2, request(2, 2 * MS, 500, 5)); // three of 200: the p99 is 500 ms, over the limit
        LoadSamples three = new LoadSamples(requests, 1_000 * MS, Optional.empty());
        assertThat(SLO.ttftAtPercentile(three)).hasValue(500.0 * MS);
        assertThat(SLO.met(three)).isFalse();
    }

    @Test
    void met_anyFailedRequest_misses() {
        LoadSamples samples = new LoadSamples(List.of(request(0, 0, 1, 1), new RequestRecord(1, 0, 0, -1, -1, 0, -1, false, "refused")),
                10 * MS, Optional.empty());

        assertThat(SLO.met(samples)).isFalse();
    }
}
