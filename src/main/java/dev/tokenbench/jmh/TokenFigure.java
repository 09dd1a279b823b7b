package dev.tokenbench.jmh;

import dev.tokenbench.measure.Statistics;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The token-timing figures the profiler reports, each with its JMH label and unit, and how it is computed from
 * {@link TokenSamples}. Times are reported in milliseconds (kept in nanoseconds until then); every percentile
 * and mean is taken over the raw samples of all merged iterations, every throughput is total over total.
 */
public enum TokenFigure {
    /** Mean time to first token over sequences. */
    TTFT_MEAN("ttft.mean", Series.TTFT, Statistics::mean),
    /** Median time to first token. */
    TTFT_P50("ttft.p50", Series.TTFT, Statistics::p50),
    /** 90th percentile of time to first token. */
    TTFT_P90("ttft.p90", Series.TTFT, Statistics::p90),
    /** 99th percentile of time to first token. */
    TTFT_P99("ttft.p99", Series.TTFT, Statistics::p99),
    /** Mean inter-token latency over the pooled token gaps. */
    ITL_MEAN("itl.mean", Series.ITL, Statistics::mean),
    /** Median inter-token latency. */
    ITL_P50("itl.p50", Series.ITL, Statistics::p50),
    /** 90th percentile of inter-token latency. */
    ITL_P90("itl.p90", Series.ITL, Statistics::p90),
    /** 99th percentile of inter-token latency. */
    ITL_P99("itl.p99", Series.ITL, Statistics::p99),
    /** Largest inter-token gap. */
    ITL_MAX("itl.max", Series.ITL, Statistics::max),
    /** Mean time per output token over sequences: (E2E - TTFT) / (N - 1). */
    TPOT_MEAN("tpot.mean", Series.TPOT, Statistics::mean),
    /** Median end-to-end latency over sequences. */
    E2E_P50("e2e.p50", Series.E2E, Statistics::p50),
    /** 99th percentile of end-to-end latency. */
    E2E_P99("e2e.p99", Series.E2E, Statistics::p99),
    /** New tokens of all requests over the sum of their wall times. */
    OUTPUT_TOKENS_PER_SECOND("output.tokens_per_s", "tokens/s", TokenSamples::outputTokensPerSecond),
    /** Prompt tokens over the sum of the requests' largest TTFT. */
    PREFILL_TOKENS_PER_SECOND("prefill.tokens_per_s", "tokens/s", TokenSamples::prefillTokensPerSecond),
    /** Tokens after the first over the sum of the requests' decode wall times. */
    DECODE_TOKENS_PER_SECOND("decode.tokens_per_s", "tokens/s", TokenSamples::decodeTokensPerSecond),
    /** New tokens measured: a count, summed over iterations and forks. */
    TOKENS("tokens", "tokens", samples -> OptionalDouble.of(samples.outputTokens())),
    /** Requests measured: a count, summed over iterations and forks. */
    REQUESTS("requests", "requests", samples -> OptionalDouble.of(samples.requests()));

    /** Unit of every time figure. */
    public static final String MILLISECONDS = "ms";
    private static final double NANOS_PER_MILLI = 1e6;

    /** A raw sample series of {@link TokenSamples}, in nanoseconds. */
    enum Series {
        TTFT(TokenSamples::timeToFirstToken, s -> toDoubles(s.timeToFirstTokenNanos())),
        ITL(TokenSamples::interTokenLatency, s -> toDoubles(s.interTokenLatencyNanos())),
        TPOT(TokenSamples::timePerOutputToken, s -> s.timePerOutputTokenNanos().clone()),
        E2E(TokenSamples::endToEnd, s -> toDoubles(s.endToEndNanos()));

        private final Function<TokenSamples, Optional<Statistics>> statistics;
        private final Function<TokenSamples, double[]> nanos;

        Series(Function<TokenSamples, Optional<Statistics>> statistics, Function<TokenSamples, double[]> nanos) {
            this.statistics = statistics;
            this.nanos = nanos;
        }

        /** Samples in the series. */
        int count(TokenSamples samples) {
            return switch (this) {
                case TTFT -> samples.timeToFirstTokenNanos().length;
                case ITL -> samples.interTokenLatencyNanos().length;
                case TPOT -> samples.timePerOutputTokenNanos().length;
                case E2E -> samples.endToEndNanos().length;
            };
        }

        /** The series' samples converted to milliseconds. */
        double[] millis(TokenSamples samples) {
            double[] values = nanos.apply(samples);
            for (int i = 0; i < values.length; i++) {
                values[i] /= NANOS_PER_MILLI;
            }
            return values;
        }

        private static double[] toDoubles(long[] values) {
            double[] result = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                result[i] = values[i];
            }
            return result;
        }
    }

    private final String label;
    private final String unit;
    private final Series series;
    private final ToDoubleFunction<Statistics> statistic;
    private final Function<TokenSamples, OptionalDouble> total;

    TokenFigure(String label, Series series, ToDoubleFunction<Statistics> statistic) {
        this.label = label;
        this.unit = MILLISECONDS;
        this.series = series;
        this.statistic = statistic;
        this.total = null;
    }

    TokenFigure(String label, String unit, Function<TokenSamples, OptionalDouble> total) {
        this.label = label;
        this.unit = unit;
        this.series = null;
        this.statistic = null;
        this.total = total;
    }

    /** The secondary-result label in JMH's output, e.g. {@code ttft.p99}. */
    public String label() {
        return label;
    }

    /** The unit of the figure in JMH's output: {@code ms}, {@code tokens/s}, {@code tokens} or {@code requests}. */
    public String unit() {
        return unit;
    }

    /** The raw sample series the figure is a statistic of; absent for totals and counts. */
    Optional<Series> series() {
        return Optional.ofNullable(series);
    }

    /** The figure's value in its unit, absent when the samples cannot give it (no streaming, one token). */
    public OptionalDouble valueOf(TokenSamples samples) {
        if (series == null) {
            return total.apply(samples);
        }
        return series.statistics.apply(samples)
                .map(s -> OptionalDouble.of(statistic.applyAsDouble(s) / NANOS_PER_MILLI))
                .orElse(OptionalDouble.empty());
    }

    /** Every figure the samples can give, computing each series' statistics once. */
    public static Map<TokenFigure, Double> valuesOf(TokenSamples samples) {
        Map<Series, Optional<Statistics>> bySeries = new EnumMap<>(Series.class);
        for (Series s : Series.values()) {
            bySeries.put(s, s.statistics.apply(samples));
        }
        Map<TokenFigure, Double> values = new EnumMap<>(TokenFigure.class);
        for (TokenFigure figure : values()) {
            if (figure.series == null) {
                figure.total.apply(samples).ifPresent(v -> values.put(figure, v));
            } else {
                bySeries.get(figure.series).ifPresent(s -> values.put(figure, figure.statistic.applyAsDouble(s) / NANOS_PER_MILLI));
            }
        }
        return values;
    }

    /** The figure with this label, if any. */
    public static Optional<TokenFigure> byLabel(String label) {
        for (TokenFigure figure : values()) {
            if (figure.label.equals(label)) {
                return Optional.of(figure);
            }
        }
        return Optional.empty();
    }
}
