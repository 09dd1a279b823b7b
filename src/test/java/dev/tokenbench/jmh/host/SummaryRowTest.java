package dev.tokenbench.jmh.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SummaryRowTest {

    private static SummaryRow row(OptionalDouble output, OptionalDouble decode) {
        OptionalDouble none = OptionalDouble.empty();
        return new SummaryRow("GenerationLatencyBenchmark", "fake", "zero", "f32", "1", "128", "64", none, none, none, none, output, decode, none);
    }

    @Test
    void nanosPerToken_isTheInverseOfTheThroughputs() {
        SummaryRow row = row(OptionalDouble.of(4e6), OptionalDouble.of(2.5e7));

        assertThat(row.nanosPerToken()).hasValue(250.0);
        assertThat(row.nanosPerDecodeToken()).hasValue(40.0);
    }

    @Test
    void nanosPerToken_withoutThroughput_isEmpty() {
        assertThat(row(OptionalDouble.empty(), OptionalDouble.empty()).nanosPerToken()).isEmpty();
    }
}
